package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionCounterTest {
    private static final InetAddress A = NetUtil.createInetAddressFromIpAddressString("192.0.2.1");
    private static final InetAddress B = NetUtil.createInetAddressFromIpAddressString("192.0.2.2");
    private final ConnectionCounter counter = new ConnectionCounter();

    @Test
    void the_node_count_stops_at_its_maximum_and_frees_a_slot_on_release() {
        assertThat(counter.tryAcquire(2)).isTrue();
        assertThat(counter.tryAcquire(2)).isTrue();
        assertThat(counter.tryAcquire(2)).isFalse();
        assertThat(counter.total()).isEqualTo(2);
        counter.release();
        assertThat(counter.tryAcquire(2)).isTrue();
    }

    @Test
    void each_address_has_its_own_count() {
        assertThat(counter.tryAcquire(A, 1)).isTrue();
        assertThat(counter.tryAcquire(A, 1)).isFalse();
        assertThat(counter.tryAcquire(B, 1)).isTrue();
        counter.release(A);
        assertThat(counter.tryAcquire(A, 1)).isTrue();
    }
}
