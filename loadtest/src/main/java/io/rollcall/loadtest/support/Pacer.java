package io.rollcall.loadtest.support;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Fires a bounded number of actions at a fixed rate on the calling thread. Action {@code i} is
 * intended for {@code start + i / rate}; when the pacer falls behind (GC, a busy core) the late
 * actions fire at once but keep their own intended times, so latency measured from the intended
 * time includes the delay (no coordinated omission). Stateless and thread-safe.
 */
public final class Pacer {
    /**
     * Runs on the pacing thread. It may block (to apply back-pressure); the actions after it then
     * fire late, with their own intended times.
     */
    @FunctionalInterface
    public interface Action {
        void fire(long index, long intendedNanoTime);
    }

    private Pacer() {}

    /** The intended {@link System#nanoTime()} of action {@code index}. */
    public static long intendedTime(long startNanoTime, double ratePerSecond, long index) {
        return startNanoTime + (long) (index * 1e9 / ratePerSecond);
    }

    /**
     * Fires actions {@code 0..count-1}; returns how many fired (fewer when {@code stop} turned
     * true, which is checked before each action).
     */
    public static long run(long startNanoTime, double ratePerSecond, long count, BooleanSupplier stop, Action action) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
        }
        long fired = 0;
        while (fired < count) {
            long intended = intendedTime(startNanoTime, ratePerSecond, fired);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                if (stop.getAsBoolean()) {
                    return fired;
                }
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            }
            if (stop.getAsBoolean()) {
                return fired;
            }
            action.fire(fired, intended);
            fired++;
        }
        return fired;
    }
}
