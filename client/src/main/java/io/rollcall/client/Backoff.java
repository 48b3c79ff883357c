package io.rollcall.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts: exponential with full jitter (a random delay up to
 * {@code min × 2^attempt}, capped at {@code max}), so a crowd of clients dropped at once does not
 * come back in step; a server's {@code go_away} delay replaces the next one. Thread-safe.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private int attempt;
    private long requestedMillis = -1;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The server asked to come back after this long (go_away); used once, instead of the backoff. */
    synchronized void requested(long millis) {
        requestedMillis = millis;
    }

    /** A session was established: start over from the shortest delay. */
    synchronized void reset() {
        attempt = 0;
    }

    synchronized long nextDelayMillis() {
        if (requestedMillis >= 0) {
            long delay = requestedMillis;
            requestedMillis = -1;
            return delay;
        }
        long cap = Math.min(maxMillis, minMillis << Math.min(attempt, 20));
        attempt++;
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }
}
