package io.rollcall.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds complete server-to-client WebSocket frames (RFC 6455 §5.2; unmasked, FIN set) so that a
 * frame can be encoded once and written to many channels as a retained duplicate. Thread-safe.
 */
public final class WebSocketFrames {
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;

    private WebSocketFrames() {}

    /** Allocates a buffer with the frame header written and room for {@code payloadLength} bytes. */
    public static ByteBuf allocate(ByteBufAllocator alloc, int opcode, int payloadLength) {
        int headerLength = headerLength(payloadLength);
        ByteBuf buf = alloc.directBuffer(headerLength + payloadLength);
        buf.writeByte(0x80 | opcode);
        if (payloadLength < 126) {
            buf.writeByte(payloadLength);
        } else if (payloadLength < 65_536) {
            buf.writeByte(126);
            buf.writeShort(payloadLength);
        } else {
            buf.writeByte(127);
            buf.writeLong(payloadLength);
        }
        return buf;
    }

    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
    }
}
