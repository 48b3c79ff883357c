package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Splits the server's byte stream into WebSocket frames (RFC 6455 §5.2) and hands each data
 * payload (binary, or text on the JSON subprotocol) to a {@link Listener} as a range of the receive buffer: no frame objects, slices or
 * pipeline hops per message, which is most of what Netty's client decoder costs per frame. It
 * replaces the {@link UpgradeHandler} once the handshake is done. Server frames are unmasked and, from a
 * rollcall server, never fragmented; anything else is reported as a protocol error. Pings are
 * answered with (masked) pongs. Bytes of a frame
 * split across reads are kept until the frame is complete. Event loop only.
 */
final class LeanFrameDecoder extends ChannelInboundHandlerAdapter {
    /** What the decoder reports; called on the event loop, buffers valid only during the call. */
    interface Listener {
        /** A data frame's payload: {@code buf} bytes {@code [from, to)}, received at {@code receivedNanoTime}. */
        void onMessage(ByteBuf buf, int from, int to, long receivedNanoTime);

        void onClose(int code, String reason);

        void onProtocolError(String message);

        /** {@code bytes} more arrived on the wire (after the handshake); for traffic accounting. */
        default void onBytes(int bytes) {}
    }

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    private final Listener listener;
    private final int maxPayload;
    /** The data opcode of the subprotocol; the other one is a protocol error. */
    private final int dataOpcode;
    private ByteBuf cumulation;
    private boolean failed;

    LeanFrameDecoder(Listener listener, int maxPayload, boolean text) {
        this.listener = listener;
        this.maxPayload = maxPayload;
        this.dataOpcode = text ? OPCODE_TEXT : OPCODE_BINARY;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        long received = System.nanoTime();
        listener.onBytes(in.readableBytes());
        try {
            if (failed) {
                return;
            }
            if (cumulation == null) {
                int consumed = split(ctx, in, received);
                if (!failed && consumed < in.writerIndex()) {
                    // A partial frame: keep its bytes (rare; usually one read holds whole frames).
                    cumulation = ctx.alloc().buffer(Math.max(256, in.writerIndex() - consumed));
                    cumulation.writeBytes(in, consumed, in.writerIndex() - consumed);
                }
            } else {
                cumulation.writeBytes(in);
                int consumed = split(ctx, cumulation, received);
                cumulation.readerIndex(consumed);
                if (!cumulation.isReadable()) {
                    cumulation.release();
                    cumulation = null;
                } else {
                    cumulation.discardReadBytes();
                }
            }
        } finally {
            in.release();
        }
    }

    /**
     * Not passed on: nothing after this decoder acts on read batches, and with auto-read on the
     * event would only walk the pipeline once per read.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Intentionally empty.
    }

    /** Handles every complete frame in {@code buf} from its reader index; returns where the first incomplete one starts. */
    private int split(ChannelHandlerContext ctx, ByteBuf buf, long received) {
        int pos = buf.readerIndex();
        int end = buf.writerIndex();
        while (!failed && end - pos >= 2) {
            int b0 = buf.getUnsignedByte(pos);
            int b1 = buf.getUnsignedByte(pos + 1);
            int header = 2;
            long length = b1 & 0x7F;
            if (length == 126) {
                if (end - pos < 4) {
                    break;
                }
                length = buf.getUnsignedShort(pos + 2);
                header = 4;
            } else if (length == 127) {
                if (end - pos < 10) {
                    break;
                }
                length = buf.getLong(pos + 2);
                header = 10;
            }
            if ((b1 & 0x80) != 0) {
                fail("masked frame from the server");
                break;
            }
            if (length < 0 || length > maxPayload) {
                fail("frame of " + length + " bytes (expected: at most " + maxPayload + ")");
                break;
            }
            if (end - pos - header < length) {
                break;
            }
            int from = pos + header;
            int to = from + (int) length;
            frame(ctx, b0, buf, from, to, received);
            pos = to;
        }
        return pos;
    }

    private void frame(ChannelHandlerContext ctx, int b0, ByteBuf buf, int from, int to, long received) {
        int opcode = b0 & 0x0F;
        if ((b0 & 0x80) == 0 || opcode == OPCODE_CONTINUATION) {
            fail("fragmented frame (opcode " + opcode + ")");
            return;
        }
        if (opcode == dataOpcode) {
            listener.onMessage(buf, from, to, received);
            return;
        }
        switch (opcode) {
            case OPCODE_PING -> ctx.channel().writeAndFlush(MaskedFrames.encode(ctx.alloc(), MaskedFrames.OPCODE_PONG, buf, from, to),
                    ctx.channel().voidPromise());
            case OPCODE_PONG -> { }
            case OPCODE_CLOSE -> {
                int code = to - from >= 2 ? buf.getUnsignedShort(from) : 1005;
                String reason = to - from > 2 ? buf.toString(from + 2, to - from - 2, StandardCharsets.UTF_8) : "";
                failed = true;
                listener.onClose(code, reason);
            }
            case OPCODE_TEXT -> fail("text frame on the binary subprotocol");
            case OPCODE_BINARY -> fail("binary frame on the text subprotocol");
            default -> fail("unknown opcode " + opcode);
        }
    }

    private void fail(String message) {
        failed = true;
        listener.onProtocolError(message);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
