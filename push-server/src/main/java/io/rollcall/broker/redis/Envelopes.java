package io.rollcall.broker.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.rollcall.json.JsonNesting;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;

/**
 * The JSON forms used at the Redis boundary (the proto3 canonical mapping, which the function
 * library writes and any language can read). Unknown fields are ignored so a newer library can add
 * some. Thread-safe.
 */
final class Envelopes {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private Envelopes() {}

    static Update update(String json) {
        Update.Builder builder = Update.newBuilder();
        merge(json, builder);
        return builder.build();
    }

    static AttendanceUpdate attendance(String json) {
        AttendanceUpdate.Builder builder = AttendanceUpdate.newBuilder();
        merge(json, builder);
        return builder.build();
    }

    static AttendanceCounts counts(String json) {
        AttendanceCounts.Builder builder = AttendanceCounts.newBuilder();
        merge(json, builder);
        return builder.build();
    }

    static String json(AttendanceUpdate update) {
        try {
            return PRINTER.print(update);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void merge(String json, com.google.protobuf.Message.Builder builder) {
        if (!JsonNesting.within(json, JsonNesting.MAX_DEPTH)) {
            throw new IllegalStateException("unreadable JSON from Redis: nested deeper than " + JsonNesting.MAX_DEPTH + " levels");
        }
        try {
            PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable JSON from Redis: " + e.getMessage(), e);
        }
    }
}
