package io.rollcall.limits;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket of {@code burst} tokens refilled continuously at a rate given on each take (so
 * the rate can tighten under overload without rebuilding the bucket). Not thread-safe: one
 * connection's event loop only.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int burst;
    private double tokens;
    private long refilledAtNanos;

    public TokenBucket(int burst, long nowNanos) {
        this.burst = burst;
        this.tokens = burst;
        this.refilledAtNanos = nowNanos;
    }

    /** Takes one token if there is one, after refilling at {@code perSecond} since the last call. */
    public boolean tryTake(long nowNanos, int perSecond) {
        long elapsed = nowNanos - refilledAtNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            refilledAtNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
