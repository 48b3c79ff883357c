package io.rollcall.loadtest.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as {@code 20s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT20S}) or bare seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
            }
            double scale = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            String number = scale == 0 ? text : text.substring(0, text.length() - 1);
            return Duration.ofNanos(Math.round(Double.parseDouble(number) * (scale == 0 ? 1 : scale) * 1e9));
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (expected: e.g. 20s, 500ms, 2m, PT20S)");
        }
    }
}
