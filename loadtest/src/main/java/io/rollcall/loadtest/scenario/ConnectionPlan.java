package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated connection run ({@code connect-storm}, {@code idle}, {@code churn}): open
 * {@code clients} at {@code connectRate} (at most {@code maxConnecting} at once), each connecting
 * (speaking {@code wire}), authenticating and subscribing to {@code eventId}; then hold them for
 * {@code hold} (idle), or let each close itself {@code lifetime} after its snapshot (churn; null
 * otherwise). {@code serverPid} (0: none) is a local server whose CPU and RSS are reported. Before
 * the measured run, {@code warmupStorms} unmeasured storms of {@code warmupClients} each connect,
 * subscribe and close, so that both JVMs have compiled the connect path. Immutable.
 */
public record ConnectionPlan(String scenario, List<URI> urls, Wire wire, String secret, String eventId, int clients, double connectRate,
        int maxConnecting, Duration connectTimeout, Duration handshakeTimeout, Duration hold, Duration lifetime, int threads,
        Transport transport, List<InetAddress> localAddresses, long serverPid, int warmupStorms, int warmupClients) {

    public ConnectionPlan {
        urls = List.copyOf(urls);
        localAddresses = List.copyOf(localAddresses);
        if (warmupStorms < 0 || warmupClients < 0) {
            throw new IllegalArgumentException("warm-up: " + warmupStorms + " storms of " + warmupClients + " (expected: >= 0)");
        }
    }

    /** A plan without warm-up storms. */
    public ConnectionPlan(String scenario, List<URI> urls, Wire wire, String secret, String eventId, int clients, double connectRate,
            int maxConnecting, Duration connectTimeout, Duration handshakeTimeout, Duration hold, Duration lifetime, int threads,
            Transport transport, List<InetAddress> localAddresses, long serverPid) {
        this(scenario, urls, wire, secret, eventId, clients, connectRate, maxConnecting, connectTimeout, handshakeTimeout, hold, lifetime,
                threads, transport, localAddresses, serverPid, 0, 0);
    }

    /** The longest the run can take, warm-up storms and shutdown included. */
    public Duration bound() {
        Duration lifetimes = lifetime == null ? Duration.ZERO : lifetime.plus(handshakeTimeout);
        Duration warmups = warmupConnectTimeout().plus(Duration.ofSeconds(10)).multipliedBy(warmupStorms);
        return connectTimeout.plus(hold).plus(lifetimes).plus(warmups).plus(Duration.ofSeconds(20));
    }

    /** Time allowed for one warm-up storm to connect: as for the measured one, scaled to its size. */
    public Duration warmupConnectTimeout() {
        return Duration.ofMillis((long) (warmupClients * 1000 / connectRate) + 30_000);
    }
}
