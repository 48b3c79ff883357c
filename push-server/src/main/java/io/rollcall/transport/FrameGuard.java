package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rollcall.config.ServerConfig;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.limits.TokenBucket;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches the frames a WebSocket client sends, right behind the frame decoder (so it sees every
 * frame, control frames and fragments included, before any other work is done for it):
 * <ul>
 * <li>rate: a connection that empties its token bucket is closed with
 * {@link ErrorCode#RATE_LIMITED} at once (clients send a handful of frames, so one that exceeds
 * the burst is broken or hostile, and an error frame it would ignore only costs more); while the
 * node is overloaded the refill rate drops to the overload rate;
 * <li>heartbeat: after one interval without any frame the server sends a WebSocket ping; after a
 * second silent interval it closes with {@link ErrorCode#HEARTBEAT_TIMEOUT}. Pongs, app-level
 * pings and any other frame count as signs of life.
 * </ul>
 * One handler for both, installed at the upgrade: each handler costs every connection a pipeline
 * context for its whole life. One instance per connection; event loop only.
 */
public final class FrameGuard extends ChannelInboundHandlerAdapter {
    private final ServerConfig.InboundRate rate;
    private final OverloadMonitor overload;
    private final ServerMetrics metrics;
    private final long intervalNanos;
    private TokenBucket bucket;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> heartbeat;
    private long lastFrameNanos;
    private boolean pinged;
    private boolean limited;

    public FrameGuard(ServerConfig.InboundRate rate, OverloadMonitor overload, ServerMetrics metrics, Duration heartbeatInterval) {
        this.rate = rate;
        this.overload = overload;
        this.metrics = metrics;
        this.intervalNanos = heartbeatInterval.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastFrameNanos = ctx.executor().ticker().nanoTime();
        bucket = new TokenBucket(rate.burst(), lastFrameNanos);
        heartbeat = ctx.executor().schedule(this::checkHeartbeat, intervalNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopHeartbeat();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopHeartbeat();
        ctx.fireChannelInactive();
    }

    private void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = ctx.executor().ticker().nanoTime();
        lastFrameNanos = now;
        pinged = false;
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

    /** Runs once per interval of silence at most: a frame only moves {@link #lastFrameNanos}. */
    private void checkHeartbeat() {
        if (heartbeat == null || !ctx.channel().isActive()) {
            return;
        }
        long now = ctx.executor().ticker().nanoTime();
        long silentFor = now - lastFrameNanos;
        if (silentFor < intervalNanos) {
            heartbeat = ctx.executor().schedule(this::checkHeartbeat, intervalNanos - silentFor, TimeUnit.NANOSECONDS);
            return;
        }
        // Restarts the silence count, so the close comes a full interval after the ping.
        lastFrameNanos = now;
        heartbeat = ctx.executor().schedule(this::checkHeartbeat, intervalNanos, TimeUnit.NANOSECONDS);
        if (!pinged) {
            pinged = true;
            ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
        } else if (ctx.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
            session.closeWith(ErrorCode.HEARTBEAT_TIMEOUT, "no answer to pings");
        } else {
            ctx.close();
        }
    }
}
