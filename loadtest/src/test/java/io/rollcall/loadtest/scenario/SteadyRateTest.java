package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SteadyRateTest {
    @Test
    void isTheMiddleEightyPercentOfTheClientsOverTheTimeBetweenTheirMarks() {
        assertThat(ConnectionResult.Steady.rate(10_000, 1_000_000_000L, 1_800_000_000L)).isEqualTo(10_000);
    }

    @Test
    void isUnknownWhenAMarkWasNotReached() {
        assertThat(ConnectionResult.Steady.rate(10_000, 0, 0)).isEqualTo(-1);
        assertThat(ConnectionResult.Steady.rate(10_000, 1_000_000_000L, 0)).isEqualTo(-1);
    }
}
