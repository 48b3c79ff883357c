package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static final InetAddress PROXY = ip("10.0.0.2");
    private static final InetAddress CLIENT = ip("203.0.113.7");
    private final ClientAddresses addresses = new ClientAddresses(Set.of(PROXY, ip("10.0.0.3")));

    private static InetAddress ip(String literal) {
        return NetUtil.createInetAddressFromIpAddressString(literal);
    }

    private static HttpHeaders forwardedFor(String... values) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String value : values) {
            headers.add("X-Forwarded-For", value);
        }
        return headers;
    }

    @Test
    void a_direct_client_is_its_peer_address_whatever_it_claims() {
        assertThat(addresses.clientOf(new InetSocketAddress(CLIENT, 5000), forwardedFor("1.2.3.4"))).isEqualTo(CLIENT);
    }

    @Test
    void behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        InetSocketAddress viaProxy = new InetSocketAddress(PROXY, 5000);
        assertThat(addresses.clientOf(viaProxy, forwardedFor("203.0.113.7"))).isEqualTo(CLIENT);
        assertThat(addresses.clientOf(viaProxy, forwardedFor("6.6.6.6, 203.0.113.7, 10.0.0.3"))).as("left-most entry is forgeable")
                .isEqualTo(CLIENT);
        assertThat(addresses.clientOf(viaProxy, forwardedFor("6.6.6.6", "203.0.113.7"))).isEqualTo(CLIENT);
    }

    @Test
    void a_proxy_request_without_a_usable_header_counts_as_the_proxy_or_its_last_good_hop() {
        InetSocketAddress viaProxy = new InetSocketAddress(PROXY, 5000);
        assertThat(addresses.clientOf(viaProxy, forwardedFor())).isEqualTo(PROXY);
        assertThat(addresses.clientOf(viaProxy, forwardedFor("not-an-ip"))).isEqualTo(PROXY);
        assertThat(addresses.clientOf(viaProxy, forwardedFor("garbage, 203.0.113.7"))).isEqualTo(CLIENT);
    }
}
