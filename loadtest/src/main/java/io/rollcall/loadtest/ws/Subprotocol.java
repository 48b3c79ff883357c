package io.rollcall.loadtest.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.rollcall.protocol.ClientFrame;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket subprotocol the fleet speaks ({@code --encoding}): how client frames are encoded
 * and sent, which frame type the server answers with and which {@link FrameReader} reads it.
 * Thread-safe.
 */
public enum Subprotocol {
    /** {@code rollcall.v1.proto}: binary frames of protobuf. */
    PROTO("rollcall.v1.proto", false) {
        @Override
        byte[] encode(ClientFrame frame) {
            return frame.toByteArray();
        }

        @Override
        FrameReader newReader() {
            return new ServerFrameReader();
        }
    },

    /** {@code rollcall.v1.json}: text frames of the proto3 canonical JSON mapping. */
    JSON("rollcall.v1.json", true) {
        private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

        @Override
        byte[] encode(ClientFrame frame) {
            try {
                return printer.print(frame).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print client frame as JSON", e);
            }
        }

        @Override
        FrameReader newReader() {
            return new JsonFrameReader();
        }
    };

    private final String subprotocol;
    private final boolean text;

    Subprotocol(String subprotocol, boolean text) {
        this.subprotocol = subprotocol;
        this.text = text;
    }

    /** The name offered in {@code Sec-WebSocket-Protocol}. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Whether the server's data frames are text (else binary). */
    boolean text() {
        return text;
    }

    /** A client frame's bytes in this encoding; encoded once and shared where the frame is the same for many clients. */
    abstract byte[] encode(ClientFrame frame);

    /** The whole (masked) WebSocket frame carrying {@code encoded}: text or binary as the subprotocol wants. */
    byte[] frame(byte[] encoded) {
        return MaskedFrames.encode(text ? MaskedFrames.OPCODE_TEXT : MaskedFrames.OPCODE_BINARY, encoded);
    }

    /** A reader for one event loop. */
    abstract FrameReader newReader();
}
