package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.publish.PublishVia;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated fan-out run ({@code broadcast}: one event; {@code rooms}: many): {@code clients}
 * subscribers spread over {@code events}, speaking {@code wire}, {@code rate} publishes per
 * second for {@code warmup + duration}, then up to {@code drainTimeout} for the last deliveries.
 * {@code sloP99} (optional) fails the run when the measured p99 exceeds it; {@code serverPid} (0: none)
 * is a local server process whose CPU use is reported; {@code failover} (optional) is a node failure
 * injected mid-run, after which clients reconnect and resume from their positions; {@code publishVia}
 * says whether updates go through the HTTP API ({@code http}) or Redis. Immutable.
 */
public record FanOutPlan(String scenario, List<URI> urls, Wire wire, URI http, String secret, EventSpread events, int clients, double connectRate, int maxConnecting,
        Duration connectTimeout, Duration handshakeTimeout,
        double rate, Duration warmup, Duration duration, Duration drainTimeout, int publishers, int guests, int noteChars, int threads,
        Transport transport, List<InetAddress> localAddresses, Duration sloP99, long serverPid, Failover failover,
        PublishVia publishVia) {

    /** Publishes in the whole schedule (warmup included). */
    public long publishCount() {
        return Math.round(rate * (warmup.toNanos() + duration.toNanos()) / 1e9);
    }

    /** The longest the run can take, connect phase, drain and shutdown included. */
    public Duration bound() {
        return connectTimeout.plus(warmup).plus(duration).plus(drainTimeout).plus(Duration.ofSeconds(20));
    }
}
