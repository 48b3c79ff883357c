package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Client-to-server WebSocket frames (RFC 6455 §5.2), final and masked as §5.3 requires of a
 * client. The masking key is a constant: the rule exists to stop cache poisoning through
 * intermediaries by a hostile script, which a load generator talking to our own server is not, and a
 * constant key lets frames every client sends be encoded once. It is not zero, so a server that
 * forgot to unmask would read garbage and fail the run. Thread-safe.
 */
final class MaskedFrames {
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PONG = 0xA;
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private MaskedFrames() {}

    /** The whole frame for {@code payload}. */
    static byte[] encode(int opcode, byte[] payload) {
        int header = headerLength(payload.length);
        byte[] frame = new byte[header + payload.length];
        writeHeader(frame, opcode, payload.length);
        for (int i = 0; i < payload.length; i++) {
            frame[header + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }

    /** A close frame with {@code code} and a short {@code reason}. */
    static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return encode(OPCODE_CLOSE, payload);
    }

    /** A frame carrying {@code buf} bytes {@code [from, to)}, in a buffer from {@code alloc} (for pongs). */
    static ByteBuf encode(ByteBufAllocator alloc, int opcode, ByteBuf buf, int from, int to) {
        int length = to - from;
        int header = headerLength(length);
        byte[] head = new byte[header];
        writeHeader(head, opcode, length);
        ByteBuf frame = alloc.ioBuffer(header + length);
        frame.writeBytes(head);
        for (int i = 0; i < length; i++) {
            frame.writeByte(buf.getByte(from + i) ^ MASK[i & 3]);
        }
        return frame;
    }

    private static int headerLength(int length) {
        return (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10) + MASK.length;
    }

    private static void writeHeader(byte[] frame, int opcode, int length) {
        frame[0] = (byte) (0x80 | opcode);
        int at;
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
            at = 2;
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
            at = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
            }
            at = 10;
        }
        System.arraycopy(MASK, 0, frame, at, MASK.length);
    }
}
