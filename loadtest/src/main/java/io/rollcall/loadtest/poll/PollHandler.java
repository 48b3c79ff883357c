package io.rollcall.loadtest.poll;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One polling client: from connect on, a GET of the snapshot every interval on its event loop,
 * one request in flight at most (a poll due while one is in flight is skipped and counted).
 * Latency counts from the poll's intended time. Event loop only, except {@link #stop()}.
 */
final class PollHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final PollFleet fleet;
    private final long offsetNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long firstNanos;
    private long tick;
    private long inFlightSince = -1;
    private volatile boolean stopped;

    PollHandler(PollFleet fleet, long offsetNanos) {
        this.fleet = fleet;
        this.offsetNanos = offsetNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        firstNanos = System.nanoTime() + offsetNanos;
        timer = ctx.executor().scheduleAtFixedRate(this::poll, offsetNanos, fleet.intervalNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    private void poll() {
        long intended = firstNanos + tick++ * fleet.intervalNanos();
        if (stopped) {
            return;
        }
        if (inFlightSince >= 0) {
            if (fleet.measuring()) {
                fleet.onSkipped();
            }
            return;
        }
        inFlightSince = intended;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, fleet.path(), Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, fleet.hostHeader()).set(HttpHeaderNames.AUTHORIZATION, fleet.authorization());
        ctx.writeAndFlush(request, ctx.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        long intended = inFlightSince;
        inFlightSince = -1;
        if (!fleet.measuring() || intended < 0) {
            return;
        }
        if (response.status().equals(HttpResponseStatus.OK)) {
            fleet.onPoll(System.nanoTime() - intended);
        } else {
            fleet.onError("HTTP " + response.status().code());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (!stopped) {
            fleet.onError("connection closed by the server");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!stopped) {
            fleet.onError(cause instanceof IOException ? "I/O error: " + cause.getMessage() : cause.toString());
        }
        ctx.close();
    }

    void stop() {
        stopped = true;
    }
}
