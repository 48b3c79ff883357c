package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not authenticated (or sent a complete HTTP request) within the
 * deadline from accept, so idle and slowloris sockets cannot pile up. Removed by whoever sees the
 * connection become legitimate. An HTTP keep-alive connection re-arms it at each request with the
 * idle timeout, so one that goes quiet (or dribbles its next request) is closed too. Event loop
 * only.
 */
public final class ConnectDeadline extends ChannelInboundHandlerAdapter {
    private final long timeoutNanos;
    private final ServerMetrics metrics;
    private ScheduledFuture<?> timer;
    /** When the timer fires (the executor's ticker); it may fire before {@link #deadline}. */
    private long timerFiresAt;
    private long deadline;
    private boolean httpIdle;

    public ConnectDeadline(Duration timeout, ServerMetrics metrics) {
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    /** Stops the deadline of the connection of {@code pipeline}, if it is still running. */
    public static void cancel(ChannelPipeline pipeline) {
        if (pipeline.get(PipelineNames.CONNECT_DEADLINE) != null) {
            pipeline.remove(PipelineNames.CONNECT_DEADLINE);
        }
    }

    /**
     * Restarts the deadline of the connection of {@code pipeline}, if it is still running, with
     * {@code timeout}; {@code httpIdle} says the connection waits for its next HTTP request.
     */
    public static void rearm(ChannelPipeline pipeline, Duration timeout, boolean httpIdle) {
        if (pipeline.get(PipelineNames.CONNECT_DEADLINE) instanceof ConnectDeadline deadline) {
            deadline.httpIdle = httpIdle;
            deadline.schedule(pipeline.context(deadline), timeout.toNanos());
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        schedule(ctx, timeoutNanos);
    }

    /**
     * Moves the deadline. A keep-alive connection re-arms at every request, so a later deadline
     * only moves a field; the running timer re-checks when it fires instead of being replaced.
     */
    private void schedule(ChannelHandlerContext ctx, long nanos) {
        long now = ctx.executor().ticker().nanoTime();
        deadline = now + nanos;
        if (timer != null && timerFiresAt - deadline <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        startTimer(ctx, now, nanos);
    }

    private void startTimer(ChannelHandlerContext ctx, long now, long nanos) {
        timerFiresAt = now + nanos;
        timer = ctx.executor().schedule(() -> fire(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void fire(ChannelHandlerContext ctx) {
        timer = null;
        long now = ctx.executor().ticker().nanoTime();
        if (deadline - now > 0) {
            startTimer(ctx, now, deadline - now);
        } else {
            expire(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
            session.closeWith(ErrorCode.CONNECT_TIMEOUT, "no connect frame in time");
        } else if (httpIdle) {
            metrics.httpIdleClosed();
            ctx.close();
        } else {
            metrics.error(ErrorCode.CONNECT_TIMEOUT);
            ctx.close();
        }
    }
}
