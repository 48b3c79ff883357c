package io.rollcall.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * The two subprotocols of docs/protocol.md: protobuf in binary frames (the default: smaller and
 * faster) or the canonical JSON mapping in text frames (readable on the wire). Thread-safe.
 */
public enum Encoding {
    PROTO("rollcall.v1.proto") {
        @Override
        WebSocketFrame encode(ClientFrame frame) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray()));
        }

        @Override
        ServerFrame decode(WebSocketFrame frame) throws InvalidProtocolBufferException {
            return frame instanceof BinaryWebSocketFrame ? ServerFrame.parseFrom(frame.content().nioBuffer()) : null;
        }
    },
    JSON("rollcall.v1.json") {
        private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        // The server may add fields in a later minor version; an older client should not fail on them.
        private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

        @Override
        WebSocketFrame encode(ClientFrame frame) throws InvalidProtocolBufferException {
            return new TextWebSocketFrame(printer.print(frame));
        }

        @Override
        ServerFrame decode(WebSocketFrame frame) throws InvalidProtocolBufferException {
            if (!(frame instanceof TextWebSocketFrame)) {
                return null;
            }
            ServerFrame.Builder builder = ServerFrame.newBuilder();
            parser.merge(frame.content().toString(StandardCharsets.UTF_8), builder);
            return builder.build();
        }
    };

    private final String subprotocol;

    Encoding(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    abstract WebSocketFrame encode(ClientFrame frame) throws InvalidProtocolBufferException;

    /** The server frame, or null for a data frame of the other kind (ignored). */
    abstract ServerFrame decode(WebSocketFrame frame) throws InvalidProtocolBufferException;
}
