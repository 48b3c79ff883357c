package io.rollcall.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.rollcall.json.JsonNesting;
import io.rollcall.protocol.AttendanceUpdate;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses JSON request bodies into protobuf messages with the canonical mapping (unknown fields
 * refused) and, when that fails, names the offending top-level field. Thread-safe.
 */
final class JsonBodies {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private JsonBodies() {}

    /** A body that does not map onto the message; {@link #field} is null when no single field is to blame. */
    static final class BadBodyException extends Exception {
        final String field;

        BadBodyException(String message, String field) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /** An {@link AttendanceUpdate} body: the {@link UpdateBodyParser} fast path, else the general parser. */
    static AttendanceUpdate parseUpdate(String json) throws BadBodyException {
        AttendanceUpdate update = UpdateBodyParser.parse(json);
        return update != null ? update : parse(json, AttendanceUpdate::newBuilder).build();
    }

    static <B extends Message.Builder> B parse(String json, Supplier<B> builders) throws BadBodyException {
        if (!JsonNesting.within(json, JsonNesting.MAX_DEPTH)) {
            throw new BadBodyException("JSON nested deeper than " + JsonNesting.MAX_DEPTH + " levels", null);
        }
        B builder = builders.get();
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new BadBodyException(e.getMessage() == null ? "invalid JSON" : e.getMessage(), blame(json, builders));
        }
    }

    /** The first top-level member that fails to parse on its own, if the body is a JSON object. */
    private static String blame(String json, Supplier<? extends Message.Builder> builders) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            return null;
        }
        if (!root.isJsonObject()) {
            return null;
        }
        for (Map.Entry<String, JsonElement> member : root.getAsJsonObject().entrySet()) {
            JsonObject alone = new JsonObject();
            alone.add(member.getKey(), member.getValue());
            try {
                PARSER.merge(alone.toString(), builders.get());
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                return member.getKey();
            }
        }
        return null;
    }
}
