package io.rollcall.transport;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.json.JsonNesting;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The two wire encodings of protocol v1, one per WebSocket subprotocol. Encoding produces complete
 * WebSocket frame bytes (see {@link WebSocketFrames}); decoding accepts only the frame type of the
 * subprotocol. Thread-safe.
 */
public enum Encoding {
    /** Binary frames carrying protobuf. */
    PROTO("rollcall.v1.proto", BinaryWebSocketFrame.class) {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, ServerFrame frame) {
            int size = frame.getSerializedSize();
            ByteBuf buf = WebSocketFrames.allocate(alloc, WebSocketFrames.OPCODE_BINARY, size);
            try {
                ByteBuffer target = buf.nioBuffer(buf.writerIndex(), size);
                CodedOutputStream out = CodedOutputStream.newInstance(target);
                frame.writeTo(out);
                out.flush();
                buf.writerIndex(buf.writerIndex() + size);
                return buf;
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }

        @Override
        ClientFrame parse(ByteBuf payload) throws InvalidProtocolBufferException {
            ClientFrame frame = ClientFrame.parseFrom(payload.nioBuffer());
            if (hasUnknownFields(frame)) {
                throw new InvalidProtocolBufferException("unknown fields");
            }
            return frame;
        }
    },

    /** Text frames carrying the proto3 canonical JSON mapping. */
    JSON("rollcall.v1.json", TextWebSocketFrame.class) {
        private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        private final JsonFormat.Parser parser = JsonFormat.parser();

        @Override
        public ByteBuf encode(ByteBufAllocator alloc, ServerFrame frame) {
            if (UpdateJsonWriter.covers(frame)) {
                return UpdateJsonWriter.encode(alloc, frame);
            }
            byte[] json;
            try {
                json = printer.print(frame).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print server frame as JSON", e);
            }
            ByteBuf buf = WebSocketFrames.allocate(alloc, WebSocketFrames.OPCODE_TEXT, json.length);
            return buf.writeBytes(json);
        }

        @Override
        ClientFrame parse(ByteBuf payload) throws InvalidProtocolBufferException {
            ClientFrame.Builder builder = ClientFrame.newBuilder();
            String text = payload.toString(StandardCharsets.UTF_8);
            if (!JsonNesting.within(text, JsonNesting.MAX_DEPTH)) {
                throw new InvalidProtocolBufferException("JSON nested deeper than " + JsonNesting.MAX_DEPTH + " levels");
            }
            try {
                parser.merge(text, builder);
            } catch (RuntimeException e) {
                // Gson surfaces some malformed documents as unchecked exceptions.
                throw new InvalidProtocolBufferException("invalid JSON: " + e.getMessage());
            }
            return builder.build();
        }
    };

    private final String subprotocol;
    private final Class<? extends WebSocketFrame> frameType;

    Encoding(String subprotocol, Class<? extends WebSocketFrame> frameType) {
        this.subprotocol = subprotocol;
        this.frameType = frameType;
    }

    /** The WebSocket subprotocol name that selects this encoding. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Encodes a server frame into complete WebSocket frame bytes. The caller owns the buffer. */
    public abstract ByteBuf encode(ByteBufAllocator alloc, ServerFrame frame);

    abstract ClientFrame parse(ByteBuf payload) throws InvalidProtocolBufferException;

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"[^\"]*\"");

    /**
     * Decodes an inbound data frame. Throws {@link MalformedFrameException} for a frame of the other
     * subprotocol's type, bytes that do not parse, unknown fields, or a frame with no kind.
     */
    public ClientFrame decode(WebSocketFrame frame) {
        if (!frameType.isInstance(frame)) {
            throw new MalformedFrameException("expected " + (this == PROTO ? "binary" : "text") + " frames on " + subprotocol);
        }
        ClientFrame decoded;
        try {
            decoded = parse(frame.content());
        } catch (InvalidProtocolBufferException e) {
            // Parser messages may quote the offending value, which can be a token: keep the shape, drop the values.
            throw new MalformedFrameException("cannot decode frame: " + QUOTED.matcher(String.valueOf(e.getMessage())).replaceAll("\"…\""));
        }
        if (decoded.getKindCase() == ClientFrame.KindCase.KIND_NOT_SET) {
            throw new MalformedFrameException("frame has no kind (expected one of connect, subscribe, unsubscribe, refresh, ping)");
        }
        return decoded;
    }

    public static Optional<Encoding> forSubprotocol(String name) {
        for (Encoding encoding : values()) {
            if (encoding.subprotocol.equals(name)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }

    private static boolean hasUnknownFields(Message message) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            return true;
        }
        for (Object value : message.getAllFields().values()) {
            if (value instanceof Message nested && hasUnknownFields(nested)) {
                return true;
            }
        }
        return false;
    }
}
