package io.rollcall.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings from an optional properties file, then {@code ROLLCALL_*} environment variables,
 * then {@code --name value} / {@code --name=value} flags; later sources win. Thread-safe.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Raw values after merging; throws {@link ConfigException} for unknown flags or an unreadable file. */
    public static Map<Setting, String> merge(String[] args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<Setting, String> flags = parseFlags(args, problems);
        Map<Setting, String> fromEnv = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = env.get(setting.envName());
            if (value != null) {
                fromEnv.put(setting, value);
            }
        }
        String file = flags.getOrDefault(Setting.CONFIG, fromEnv.getOrDefault(Setting.CONFIG, ""));
        Map<Setting, String> merged = new EnumMap<>(Setting.class);
        if (!file.isEmpty()) {
            merged.putAll(readFile(Path.of(file), problems));
        }
        merged.putAll(fromEnv);
        merged.putAll(flags);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return merged;
    }

    private static Map<Setting, String> parseFlags(String[] args, List<String> problems) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                problems.add(arg + ": unexpected argument (expected: --name value)");
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Setting setting = Setting.forKey(name);
            if (setting == null) {
                problems.add("--" + name + ": unknown flag (see --help)");
                if (value == null && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    i++; // its value, so it is not reported again as a stray argument
                }
                continue;
            }
            if (value == null && setting.isSwitch() && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                value = "true";
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    problems.add("--" + name + ": missing value");
                    continue;
                }
                value = args[++i];
            }
            flags.put(setting, value);
        }
        return flags;
    }

    private static Map<Setting, String> readFile(Path path, List<String> problems) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add("config: " + path + " (expected: a readable properties file; " + e.getMessage() + ")");
            return values;
        }
        for (String key : properties.stringPropertyNames()) {
            Setting setting = Setting.forKey(key);
            if (setting == null) {
                problems.add("config: " + path + " has unknown key " + key);
            } else {
                values.put(setting, properties.getProperty(key));
            }
        }
        return values;
    }

    /** The flag reference printed by {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder("Usage: java -jar push-server.jar [--name value ...]\n\n");
        for (Setting setting : Setting.values()) {
            out.append(String.format("  --%-22s %s%n  %-24s default: %s, env: %s%n", setting.key(), setting.description(), "",
                    setting.defaultValue().isEmpty() ? "none" : setting.defaultValue(), setting.envName()));
        }
        return out.toString();
    }
}
