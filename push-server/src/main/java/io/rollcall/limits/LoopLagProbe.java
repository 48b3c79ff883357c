package io.rollcall.limits;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late one event loop runs a task scheduled at a fixed interval: the loop's lag. A
 * loop so busy that its probe is overdue counts as lagging by the overdue time, so a stuck loop
 * shows at once rather than when it finally runs the probe. Written on its loop, read from any
 * thread.
 */
final class LoopLagProbe implements Runnable {
    private final EventExecutor loop;
    private final long intervalNanos;
    private volatile long dueNanos;
    private volatile long lastLagNanos;
    private volatile boolean stopped;

    LoopLagProbe(EventExecutor loop, long intervalNanos) {
        this.loop = loop;
        this.intervalNanos = intervalNanos;
    }

    void start() {
        schedule();
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        lastLagNanos = Math.max(0, System.nanoTime() - dueNanos);
        if (!stopped) {
            schedule();
        }
    }

    private void schedule() {
        dueNanos = System.nanoTime() + intervalNanos;
        try {
            loop.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the loop is shutting down
        }
    }

    /** The lag of the last probe, or how overdue the pending one is, whichever is larger. */
    long lagNanos(long nowNanos) {
        return stopped ? 0 : Math.max(lastLagNanos, nowNanos - dueNanos);
    }
}
