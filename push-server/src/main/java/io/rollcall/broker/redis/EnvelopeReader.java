package io.rollcall.broker.redis;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.rollcall.json.UtcTimestamps;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;

/**
 * Reads the JSON the function library writes (envelopes, guests, counts) straight into protobuf
 * builders with Gson's streaming reader, as {@code JsonFormat.parser().ignoringUnknownFields()}
 * would: camelCase or proto field names, 64-bit integers as strings or numbers, enums by name or
 * number (unknown names left unset), RFC 3339 timestamps, {@code null} as unset, unknown fields
 * skipped. It is on every node's delivery path, once per update, where {@code JsonFormat} (a
 * {@code JsonElement} tree walked by descriptor) cost a few hundred microseconds until the JIT
 * caught up; {@code EnvelopesTest} proves the two agree. Stateless and thread-safe.
 */
final class EnvelopeReader {
    private EnvelopeReader() {}

    static Update update(String json) throws IOException {
        JsonReader in = open(json);
        Update.Builder update = Update.newBuilder();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (skipNull(in)) {
                continue;
            }
            switch (name) {
                case "eventId", "event_id" -> update.setEventId(in.nextString());
                case "epoch" -> update.setEpoch(in.nextString());
                case "seq" -> update.setSeq(unsignedLong(in));
                case "messageId", "message_id" -> update.setMessageId(in.nextString());
                case "publishedAt", "published_at" -> update.setPublishedAt(timestamp(in));
                case "attendance" -> update.setAttendance(attendance(in));
                case "counts" -> update.setCounts(counts(in));
                default -> in.skipValue();
            }
        }
        in.endObject();
        return end(in, update.build());
    }

    static AttendanceUpdate attendance(String json) throws IOException {
        JsonReader in = open(json);
        return end(in, attendance(in));
    }

    static AttendanceCounts counts(String json) throws IOException {
        JsonReader in = open(json);
        return end(in, counts(in));
    }

    private static AttendanceUpdate attendance(JsonReader in) throws IOException {
        AttendanceUpdate.Builder attendance = AttendanceUpdate.newBuilder();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (skipNull(in)) {
                continue;
            }
            switch (name) {
                case "guestId", "guest_id" -> attendance.setGuestId(in.nextString());
                case "guestName", "guest_name" -> attendance.setGuestName(in.nextString());
                case "status" -> status(in, attendance::setStatusValue);
                case "pax" -> attendance.setPax(unsignedInt(in));
                case "source" -> attendance.setSource(in.nextString());
                case "occurredAt", "occurred_at" -> attendance.setOccurredAt(timestamp(in));
                case "note" -> attendance.setNote(in.nextString());
                case "table" -> attendance.setTable(in.nextString());
                default -> in.skipValue();
            }
        }
        in.endObject();
        return attendance.build();
    }

    private static AttendanceCounts counts(JsonReader in) throws IOException {
        AttendanceCounts.Builder counts = AttendanceCounts.newBuilder();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (skipNull(in)) {
                continue;
            }
            switch (name) {
                case "byStatus", "by_status" -> {
                    in.beginArray();
                    while (in.hasNext()) {
                        counts.addByStatus(statusCount(in));
                    }
                    in.endArray();
                }
                case "totalGuests", "total_guests" -> counts.setTotalGuests(unsignedInt(in));
                case "totalPax", "total_pax" -> counts.setTotalPax(unsignedInt(in));
                default -> in.skipValue();
            }
        }
        in.endObject();
        return counts.build();
    }

    private static StatusCount statusCount(JsonReader in) throws IOException {
        StatusCount.Builder count = StatusCount.newBuilder();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (skipNull(in)) {
                continue;
            }
            switch (name) {
                case "status" -> status(in, count::setStatusValue);
                case "guests" -> count.setGuests(unsignedInt(in));
                case "pax" -> count.setPax(unsignedInt(in));
                default -> in.skipValue();
            }
        }
        in.endObject();
        return count.build();
    }

    private static JsonReader open(String json) {
        return new JsonReader(new StringReader(json));
    }

    private static <T> T end(JsonReader in, T message) throws IOException {
        if (in.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("unexpected content after the JSON object at " + in.getPath());
        }
        return message;
    }

    /** A JSON null means "unset" in proto3 JSON. */
    private static boolean skipNull(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return true;
        }
        return false;
    }

    /** An enum by name (an unknown name stays unset, as {@code ignoringUnknownFields} does) or by number. */
    private static void status(JsonReader in, java.util.function.IntConsumer set) throws IOException {
        if (in.peek() == JsonToken.NUMBER) {
            set.accept(in.nextInt());
            return;
        }
        String name = in.nextString();
        com.google.protobuf.Descriptors.EnumValueDescriptor value = GuestStatus.getDescriptor().findValueByName(name);
        if (value != null) {
            set.accept(value.getNumber());
        }
    }

    private static int unsignedInt(JsonReader in) throws IOException {
        String text = in.nextString();
        try {
            return Integer.parseUnsignedInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("not a uint32 at " + in.getPath() + ": " + text, e);
        }
    }

    private static long unsignedLong(JsonReader in) throws IOException {
        String text = in.nextString();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("not a uint64 at " + in.getPath() + ": " + text, e);
        }
    }

    private static Timestamp timestamp(JsonReader in) throws IOException {
        String text = in.nextString();
        try {
            return timestamp(text);
        } catch (ParseException e) {
            throw new IOException("not an RFC 3339 timestamp at " + in.getPath() + ": " + text, e);
        }
    }

    /** As {@link Timestamps#parse}, with the canonical form read by hand ({@link UtcTimestamps}). */
    static Timestamp timestamp(String text) throws ParseException {
        Timestamp canonical = UtcTimestamps.parseCanonical(text);
        return canonical != null ? canonical : Timestamps.parse(text);
    }
}
