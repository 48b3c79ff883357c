package io.rollcall.http;

import com.google.protobuf.Timestamp;
import io.rollcall.json.UtcTimestamps;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import java.util.function.Consumer;

/**
 * A fast path for the usual publish body: a flat JSON object of {@code AttendanceUpdate}'s
 * camelCase fields, strings without escapes, {@code status} by name, {@code pax} as a plain
 * integer, {@code occurredAt} as {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}. For exactly those bodies
 * it builds the update {@code JsonFormat} would build, without Gson's tree, the descriptor walk
 * or {@code SimpleDateFormat}. Anything else (escapes, proto field names, numbers as strings,
 * nulls, offsets, duplicates, unknown fields, invalid JSON) returns null and goes to
 * {@link JsonBodies}, which owns every refusal and its message. Thread-safe: each call parses
 * with its own instance.
 */
final class UpdateBodyParser {
    private static final GuestStatus[] STATUSES = GuestStatus.values();
    private static final int MAX_PAX_DIGITS = 9;

    private final String json;
    private int pos;

    private UpdateBodyParser(String json) {
        this.json = json;
    }

    /** The update, or null when the body is not in the subset this parser handles. */
    static AttendanceUpdate parse(String json) {
        return new UpdateBodyParser(json).object();
    }

    private AttendanceUpdate object() {
        skipWhitespace();
        if (!consume('{')) {
            return null;
        }
        AttendanceUpdate.Builder update = AttendanceUpdate.newBuilder();
        int seen = 0;
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                String name = string();
                skipWhitespace();
                if (name == null || !consume(':')) {
                    return null;
                }
                skipWhitespace();
                int field = member(name, update);
                if (field == 0 || (seen & field) != 0) {
                    return null;
                }
                seen |= field;
                skipWhitespace();
            } while (consume(','));
            if (!consume('}')) {
                return null;
            }
        }
        skipWhitespace();
        return pos == json.length() ? update.build() : null;
    }

    /** Reads the member's value into {@code update}; returns the field's bit, or 0 when the fast path does not apply. */
    private int member(String name, AttendanceUpdate.Builder update) {
        return switch (name) {
            case "guestId" -> text(update::setGuestId, 1);
            case "guestName" -> text(update::setGuestName, 1 << 1);
            case "status" -> {
                GuestStatus status = status(string());
                if (status == null) {
                    yield 0;
                }
                update.setStatus(status);
                yield 1 << 2;
            }
            case "pax" -> {
                int pax = pax();
                if (pax < 0) {
                    yield 0;
                }
                update.setPax(pax);
                yield 1 << 3;
            }
            case "source" -> text(update::setSource, 1 << 4);
            case "occurredAt" -> {
                String occurredAtText = string();
                Timestamp occurredAt = occurredAtText == null ? null : UtcTimestamps.parseCanonical(occurredAtText);
                if (occurredAt == null) {
                    yield 0;
                }
                update.setOccurredAt(occurredAt);
                yield 1 << 5;
            }
            case "note" -> text(update::setNote, 1 << 6);
            case "table" -> text(update::setTable, 1 << 7);
            default -> 0;
        };
    }

    private int text(Consumer<String> field, int bit) {
        String value = string();
        if (value == null) {
            return 0;
        }
        field.accept(value);
        return bit;
    }

    /** A string without escapes or control characters, or null. */
    private String string() {
        if (!consume('"')) {
            return null;
        }
        int start = pos;
        while (pos < json.length()) {
            char c = json.charAt(pos);
            if (c == '"') {
                return json.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
            pos++;
        }
        return null;
    }

    private static GuestStatus status(String name) {
        if (name == null) {
            return null;
        }
        for (GuestStatus status : STATUSES) {
            if (status != GuestStatus.UNRECOGNIZED && status.name().equals(name)) {
                return status;
            }
        }
        return null;
    }

    /** A JSON integer 0..999,999,999 without sign, fraction or exponent, or -1. */
    private int pax() {
        int start = pos;
        int value = 0;
        while (pos < json.length() && pos - start <= MAX_PAX_DIGITS) {
            char c = json.charAt(pos);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_PAX_DIGITS || (digits > 1 && json.charAt(start) == '0')) {
            return -1;
        }
        if (pos < json.length() && ".eE".indexOf(json.charAt(pos)) >= 0) {
            return -1;
        }
        return value;
    }

    private boolean consume(char expected) {
        if (pos < json.length() && json.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < json.length()) {
            char c = json.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
