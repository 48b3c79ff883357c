package io.rollcall.loadtest.support;

import java.time.Instant;

/**
 * The load generator's one clock: {@link System#nanoTime()} mapped onto wall-clock time once, at
 * class load. Intended send times travel to the server as wall-clock timestamps and come back in
 * updates; converting both ends with the same fixed mapping keeps latencies monotonic and exact
 * to the nanosecond within this process (no NTP steps, no millisecond rounding). Thread-safe.
 */
public final class WallClock {
    private static final long NANO_BASE;
    private static final long EPOCH_NANOS_AT_BASE;

    static {
        Instant now = Instant.now();
        NANO_BASE = System.nanoTime();
        EPOCH_NANOS_AT_BASE = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private WallClock() {}

    /** Now, on the {@link System#nanoTime()} scale. */
    public static long nanoTime() {
        return System.nanoTime();
    }

    /** Nanoseconds since the epoch for a {@link System#nanoTime()} value. */
    public static long toEpochNanos(long nanoTime) {
        return EPOCH_NANOS_AT_BASE + (nanoTime - NANO_BASE);
    }

    /** The {@link System#nanoTime()} value of a wall-clock timestamp (protobuf Timestamp fields). */
    public static long fromEpoch(long seconds, int nanos) {
        return seconds * 1_000_000_000L + nanos - EPOCH_NANOS_AT_BASE + NANO_BASE;
    }

    public static Instant toInstant(long nanoTime) {
        long epochNanos = toEpochNanos(nanoTime);
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
