package io.rollcall.loadtest.stats;

/**
 * The measured part of a run, on the {@link System#nanoTime()} scale: updates intended in
 * {@code [from, until)} count in the latency summary, and deliveries received in it count in the
 * sustained rate; warmup and drain do not. Empty until {@link #set}. Thread-safe.
 */
public final class MeasureWindow {
    private volatile long from = Long.MAX_VALUE;
    private volatile long until = Long.MAX_VALUE;

    public void set(long fromNanoTime, long untilNanoTime) {
        if (untilNanoTime < fromNanoTime) {
            throw new IllegalArgumentException("window: until " + untilNanoTime + " (expected: >= from " + fromNanoTime + ")");
        }
        // until first: a reader that sees the new from also sees the new until.
        until = untilNanoTime;
        from = fromNanoTime;
    }

    public boolean contains(long nanoTime) {
        return nanoTime >= from && nanoTime < until;
    }

    public long from() {
        return from;
    }

    public long until() {
        return until;
    }

    public double seconds() {
        return from == Long.MAX_VALUE ? 0 : (until - from) / 1e9;
    }
}
