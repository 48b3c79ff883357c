package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EphemeralPortsTest {
    private static final long DEFAULT_LINUX_RANGE = 60999 - 32768 + 1;

    @Test
    void clients_within_the_range_of_each_target_fit() {
        assertThat(EphemeralPorts.shortage(28_000, 1, 0, DEFAULT_LINUX_RANGE)).isNull();
        assertThat(EphemeralPorts.shortage(50_000, 2, 0, DEFAULT_LINUX_RANGE)).isNull();
    }

    @Test
    void more_clients_than_one_target_has_ports_are_refused_with_the_remedy() {
        assertThat(EphemeralPorts.shortage(30_000, 1, 0, DEFAULT_LINUX_RANGE))
                .contains("30000 clients over 1 target URL(s) need 30000 ephemeral ports each", "at most 28232", "--local-addresses");
    }

    @Test
    void source_addresses_spread_the_clients() {
        assertThat(EphemeralPorts.shortage(60_000, 1, 3, DEFAULT_LINUX_RANGE)).isNull();
        assertThat(EphemeralPorts.shortage(60_000, 1, 2, DEFAULT_LINUX_RANGE))
                .contains("over 2 source address(es) need 30000 ephemeral ports each");
    }

    @Test
    void an_unknown_range_refuses_nothing() {
        assertThat(EphemeralPorts.shortage(1_000_000, 1, 0, -1)).isNull();
    }
}
