package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's WebSocket handshake: writes the pre-encoded {@link UpgradeRequest} when the channel
 * becomes active (behind TLS, the TLS handler holds it until its handshake is done), checks the
 * answer with {@link UpgradeResponse} and, on a valid 101, replaces itself with a
 * {@link LeanFrameDecoder}, tells its {@link Listener} and hands the decoder any bytes that came
 * after the head. One deadline, set when it is added (just before the TCP connect) and covering the
 * connect, the TLS handshake and the upgrade, fails a client that takes too long; it is the only
 * timer of a connection (the bootstrap sets no connect timeout of its own). Event loop only (its channel's).
 */
final class UpgradeHandler extends ChannelInboundHandlerAdapter implements Runnable {
    /** Told how the handshake went; the frames after it go to the same listener. Event loop only. */
    interface Listener extends LeanFrameDecoder.Listener {
        /** The 101 checked out: frames may be sent now. */
        void onUpgraded();

        /** The server refused or answered wrongly, or the deadline passed; the channel is to be closed. */
        void onUpgradeFailed(String reason);
    }

    static final String NAME = "ws-upgrade";
    static final String DECODER_NAME = "lean-ws-decoder";

    private final UpgradeRequest request;
    private final Listener listener;
    private final long timeoutNanos;
    private final int maxFramePayload;
    private final boolean text;
    private ByteBuf cumulation;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean done;

    UpgradeHandler(UpgradeRequest request, Listener listener, long timeoutNanos, int maxFramePayload, boolean text) {
        this.request = request;
        this.listener = listener;
        this.timeoutNanos = timeoutNanos;
        this.maxFramePayload = maxFramePayload;
        this.text = text;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        deadline = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        byte[] bytes = request.bytes();
        ctx.writeAndFlush(ctx.alloc().ioBuffer(bytes.length).writeBytes(bytes), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    /** The deadline (a task of its own would be one more object per connection). */
    @Override
    public void run() {
        if (!done) {
            done = true;
            listener.onUpgradeFailed(ctx.channel().isActive() ? "handshake timeout" : "TCP connect: timed out");
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf buf = in;
        if (cumulation != null) {
            cumulation.writeBytes(in);
            in.release();
            buf = cumulation;
            cumulation = null;
        }
        int headEnd;
        try {
            headEnd = UpgradeResponse.check(buf, request);
        } catch (UpgradeResponse.Refused e) {
            buf.release();
            finish(e.getMessage());
            return;
        }
        if (headEnd == UpgradeResponse.INCOMPLETE) {
            // Split across reads (rare): keep what came so far.
            if (buf == in) {
                cumulation = ctx.alloc().buffer(Math.max(512, in.readableBytes() * 2)).writeBytes(in);
                in.release();
            } else {
                cumulation = buf;
            }
            return;
        }
        finish(null);
        ctx.pipeline().replace(this, DECODER_NAME, new LeanFrameDecoder(listener, maxFramePayload, text));
        listener.onUpgraded();
        buf.readerIndex(headEnd);
        if (buf.isReadable()) {
            // This context now forwards to the decoder that replaced it.
            ctx.fireChannelRead(buf);
        } else {
            buf.release();
        }
    }

    private void finish(String failure) {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (failure != null) {
            listener.onUpgradeFailed(failure);
        }
    }

    /** Not passed on before the upgrade: nothing after this handler acts on read batches. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Intentionally empty.
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
        finish(null);
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
