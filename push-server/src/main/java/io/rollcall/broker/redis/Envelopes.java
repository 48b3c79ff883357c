package io.rollcall.broker.redis;

import com.google.gson.stream.JsonWriter;
import com.google.protobuf.util.Timestamps;
import io.rollcall.json.JsonNesting;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.Update;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON forms used at the Redis boundary (the proto3 canonical mapping, which the function
 * library writes and any language can read). Unknown fields are ignored so a newer library can add
 * some. Read by {@link EnvelopeReader} and written by hand rather than with {@code JsonFormat}:
 * both run once per publish or delivery, where {@code JsonFormat} was most of what Redis added to
 * a delivery's latency. Thread-safe.
 */
final class Envelopes {
    private Envelopes() {}

    static Update update(String json) {
        checkNesting(json);
        try {
            return EnvelopeReader.update(json);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    static AttendanceUpdate attendance(String json) {
        checkNesting(json);
        try {
            return EnvelopeReader.attendance(json);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    static AttendanceCounts counts(String json) {
        checkNesting(json);
        try {
            return EnvelopeReader.counts(json);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /**
     * The update as {@code JsonFormat} prints it without whitespace (camelCase names in field order,
     * defaults omitted, the enum by name, RFC 3339 time); string escapes may differ, the value does not.
     */
    static String json(AttendanceUpdate update) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject();
            string(out, "guestId", update.getGuestId());
            string(out, "guestName", update.getGuestName());
            if (update.getStatusValue() != 0) {
                out.name("status");
                if (update.getStatus() == GuestStatus.UNRECOGNIZED) {
                    out.value(update.getStatusValue());
                } else {
                    out.value(update.getStatus().name());
                }
            }
            if (update.getPax() != 0) {
                out.name("pax").value(Integer.toUnsignedLong(update.getPax()));
            }
            string(out, "source", update.getSource());
            if (update.hasOccurredAt()) {
                out.name("occurredAt").value(Timestamps.toString(update.getOccurredAt()));
            }
            string(out, "note", update.getNote());
            string(out, "table", update.getTable());
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void string(JsonWriter out, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            out.name(name).value(value);
        }
    }

    private static void checkNesting(String json) {
        if (!JsonNesting.within(json, JsonNesting.MAX_DEPTH)) {
            throw new IllegalStateException("unreadable JSON from Redis: nested deeper than " + JsonNesting.MAX_DEPTH + " levels");
        }
    }

    private static IllegalStateException unreadable(Exception e) {
        return new IllegalStateException("unreadable JSON from Redis: " + e.getMessage(), e);
    }
}
