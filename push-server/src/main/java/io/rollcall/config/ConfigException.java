package io.rollcall.config;

import java.util.List;

/** Invalid configuration; the message lists every problem, one per line, as {@code name: value (expected: …)}. */
public final class ConfigException extends RuntimeException {
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
    }
}
