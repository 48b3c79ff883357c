package io.rollcall.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Raw setting values with typed, validating accessors that collect every problem before failing. */
final class Values {
    // At most 12 digits: large enough for any sane setting, small enough that no unit overflows a long.
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB|k|m|g)?", Pattern.CASE_INSENSITIVE);

    private final Map<Setting, String> raw;
    private final List<String> problems = new ArrayList<>();

    Values(Map<Setting, String> raw) {
        this.raw = raw;
    }

    String string(Setting setting) {
        return raw.getOrDefault(setting, setting.defaultValue()).trim();
    }

    /** The comma-separated, non-blank items of a setting. */
    List<String> list(Setting setting) {
        List<String> items = new ArrayList<>();
        for (String item : string(setting).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    int integer(Setting setting, int min, int max) {
        String value = string(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(setting, "integer " + min + ".." + max);
        return min;
    }

    Duration duration(Setting setting, Duration min) {
        String value = string(setting);
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (d.compareTo(min) >= 0) {
                return d;
            }
        }
        problem(setting, "a duration like 500ms, 10s, 5m, at least " + min.toMillis() + "ms");
        return min;
    }

    int size(Setting setting, int min) {
        String value = string(setting);
        Matcher m = SIZE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
            long unitBytes = switch (unit) {
                case "kib", "k" -> 1L << 10;
                case "mib", "m" -> 1L << 20;
                case "gib", "g" -> 1L << 30;
                default -> 1L;
            };
            long bytes = n <= Integer.MAX_VALUE ? n * unitBytes : Long.MAX_VALUE;
            if (bytes >= min && bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        }
        problem(setting, "a size like 16KiB or 1MiB, at least " + min + " bytes");
        return min;
    }

    /** An optional file setting: empty when unset, a problem when set but not a readable file. */
    Optional<Path> readableFile(Setting setting) {
        String value = string(setting);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            problem(setting, "a readable file");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    void problem(Setting setting, String expected) {
        String shown = setting.secret() ? "<" + string(setting).length() + " characters>" : string(setting);
        problems.add(setting.key() + ": " + (shown.isEmpty() ? "<empty>" : shown) + " (expected: " + expected + ")");
    }

    void check() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
