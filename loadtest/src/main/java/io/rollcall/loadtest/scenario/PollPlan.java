package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.time.Duration;

/**
 * A validated polling run, the baseline for push: {@code clients} HTTP clients GET the snapshot of
 * {@code eventId} every {@code interval} while updates are published at {@code rate} (so the
 * snapshot changes as it would under push). {@code serverPid} (0: none) is a local server whose
 * CPU is reported. Immutable.
 */
public record PollPlan(URI http, String secret, String eventId, int clients, double connectRate, Duration interval, double rate,
        Duration warmup, Duration duration, int publishers, int guests, int threads, Transport transport, long serverPid) {

    /** Publishes in the whole schedule (warmup included). */
    public long publishCount() {
        return Math.max(1, Math.round(rate * (warmup.toNanos() + duration.toNanos()) / 1e9));
    }

    /** The longest the run can take. */
    public Duration bound() {
        return Duration.ofMillis((long) (clients * 1000 / connectRate)).plus(warmup).plus(duration).plus(Duration.ofSeconds(60));
    }
}
