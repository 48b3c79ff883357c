package io.rollcall.loadtest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WallClockTest {

    @Test
    void roundTripsThroughWallClockTimestamps() {
        long now = System.nanoTime();
        Instant instant = WallClock.toInstant(now);
        assertThat(WallClock.fromEpoch(instant.getEpochSecond(), instant.getNano())).isEqualTo(now);
    }

    @Test
    void mapsNowCloseToTheSystemClock() {
        Instant mapped = WallClock.toInstant(System.nanoTime());
        assertThat(Math.abs(mapped.toEpochMilli() - System.currentTimeMillis())).isLessThan(1_000);
    }
}
