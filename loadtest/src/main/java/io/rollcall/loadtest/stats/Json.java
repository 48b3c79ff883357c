package io.rollcall.loadtest.stats;

import java.util.Locale;
import java.util.Map;

/** A tiny JSON writer for result files (objects, arrays, strings, numbers, booleans). Not thread-safe. */
public final class Json {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;

    public Json beginObject() {
        separator();
        out.append('{');
        depth++;
        first = true;
        return this;
    }

    public Json endObject() {
        depth--;
        newline();
        out.append('}');
        first = false;
        return this;
    }

    public Json beginArray(String name) {
        key(name);
        out.append('[');
        depth++;
        first = true;
        return this;
    }

    public Json endArray() {
        depth--;
        newline();
        out.append(']');
        first = false;
        return this;
    }

    public Json object(String name) {
        key(name);
        out.append('{');
        depth++;
        first = true;
        return this;
    }

    public Json field(String name, String value) {
        key(name);
        string(value);
        first = false;
        return this;
    }

    public Json field(String name, long value) {
        key(name);
        out.append(value);
        first = false;
        return this;
    }

    public Json field(String name, double value) {
        key(name);
        out.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        first = false;
        return this;
    }

    public Json field(String name, boolean value) {
        key(name);
        out.append(value);
        first = false;
        return this;
    }

    public Json value(String value) {
        separator();
        string(value);
        first = false;
        return this;
    }

    public Json counts(String name, Map<String, Long> counts) {
        object(name);
        counts.forEach(this::field);
        return endObject();
    }

    private void key(String name) {
        separator();
        string(name);
        out.append(": ");
    }

    private void separator() {
        if (depth > 0) {
            if (!first) {
                out.append(',');
            }
            newline();
        }
        first = false;
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(Math.max(0, depth)));
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "\n";
    }
}
