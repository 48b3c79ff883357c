package io.rollcall.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.rollcall.config.ServerConfig;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import io.rollcall.transport.PipelineNames;

/**
 * Bounds the WebSocket frames one connection may send (every frame the decoder produces, control
 * frames and fragments included, so none of them is a free way to make the node work). A
 * connection that empties its bucket is closed with {@link ErrorCode#RATE_LIMITED} at once: clients
 * send a handful of frames, so one that exceeds the burst is broken or hostile, and an error
 * frame it would ignore only costs more. While the node is overloaded the refill rate drops to
 * the overload rate. HTTP messages before the upgrade pass untouched. One instance per
 * connection; event loop only.
 */
public final class InboundRateLimiter extends ChannelInboundHandlerAdapter {
    private final ServerConfig.InboundRate rate;
    private final OverloadMonitor overload;
    private final ServerMetrics metrics;
    private TokenBucket bucket;
    private boolean limited;

    public InboundRateLimiter(ServerConfig.InboundRate rate, OverloadMonitor overload, ServerMetrics metrics) {
        this.rate = rate;
        this.overload = overload;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        long now = System.nanoTime();
        if (bucket == null) {
            bucket = new TokenBucket(rate.burst(), now);
        }
        if (limited) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (bucket.tryTake(now, overload.isOverloaded() ? rate.overloadedPerSecond() : rate.perSecond())) {
            ctx.fireChannelRead(msg);
            return;
        }
        // Frames still arriving are read and dropped rather than left unread: closing a socket with
        // unread input sends a reset, which can destroy the close frame before the client reads it.
        limited = true;
        ReferenceCountUtil.release(msg);
        if (ctx.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
            session.closeWith(ErrorCode.RATE_LIMITED, "more than " + rate.burst() + " frames at once");
        } else {
            metrics.error(ErrorCode.RATE_LIMITED);
            ctx.close();
        }
    }
}
