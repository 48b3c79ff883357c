package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnect delays: full jitter under a doubling cap, go_away's delay used once, reset on success. */
class BackoffTest {

    @Test
    void delays_stay_under_a_cap_that_doubles_up_to_the_maximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] caps = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long cap : caps) {
            assertThat(backoff.nextDelayMillis()).isBetween(0L, cap);
        }
    }

    @Test
    void jitter_spreads_a_crowd_of_clients() {
        long distinct = java.util.stream.IntStream.range(0, 200).mapToLong(i -> {
            Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000));
            return backoff.nextDelayMillis();
        }).distinct().count();
        assertThat(distinct).isGreaterThan(100);
    }

    @Test
    void the_servers_go_away_delay_replaces_the_next_delay_once() {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));
        backoff.requested(1500);
        assertThat(backoff.nextDelayMillis()).isEqualTo(1500);
        assertThat(backoff.nextDelayMillis()).isLessThanOrEqualTo(2);
    }

    @Test
    void a_successful_session_starts_the_delays_over() {
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isLessThanOrEqualTo(10);
    }
}
