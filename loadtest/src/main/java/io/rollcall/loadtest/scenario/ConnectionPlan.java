package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.support.Transport;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated connection run ({@code connect-storm}, {@code idle}, {@code churn}): open
 * {@code clients} at {@code connectRate} (at most {@code maxConnecting} at once), each connecting,
 * authenticating and subscribing to {@code eventId}; then hold them for {@code hold} (idle), or let
 * each close itself {@code lifetime} after its snapshot (churn; null otherwise). {@code serverPid}
 * (0: none) is a local server whose CPU and RSS are reported. Immutable.
 */
public record ConnectionPlan(String scenario, List<URI> urls, String secret, String eventId, int clients, double connectRate,
        int maxConnecting, Duration connectTimeout, Duration handshakeTimeout, Duration hold, Duration lifetime, int threads,
        Transport transport, List<InetAddress> localAddresses, long serverPid) {

    public ConnectionPlan {
        urls = List.copyOf(urls);
        localAddresses = List.copyOf(localAddresses);
    }

    /** The longest the run can take, shutdown included. */
    public Duration bound() {
        Duration lifetimes = lifetime == null ? Duration.ZERO : lifetime.plus(handshakeTimeout);
        return connectTimeout.plus(hold).plus(lifetimes).plus(Duration.ofSeconds(20));
    }
}
