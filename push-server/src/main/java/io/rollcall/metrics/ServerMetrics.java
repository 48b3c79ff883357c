package io.rollcall.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rollcall.auth.AuthFailure;
import io.rollcall.session.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters, created once so hot paths only increment fields. Labels are low-cardinality
 * (never event ids or users). Thread-safe.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final Counter updatesReceived;
    private final Counter deliveries;
    private final Counter publishes;
    private final Counter publishRejected;
    private final Timer sessionDuration;
    private final Map<ErrorCode, Counter> closes = new EnumMap<>(ErrorCode.class);
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter resumesRecovered;
    private final Counter resumesSnapshot;
    private final Counter httpRejected;
    private final Map<String, Counter> handshakeRejected = new ConcurrentHashMap<>();
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);
    private final Counter tlsFailures;

    public ServerMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("rollcall.connections.active", activeConnections, AtomicInteger::get)
                .description("Open WebSocket sessions").register(registry);
        updatesReceived = Counter.builder("rollcall.updates.received")
                .description("Live updates received from the broker for events with local subscribers").register(registry);
        deliveries = Counter.builder("rollcall.deliveries")
                .description("Updates written to subscribers (live and replayed)").register(registry);
        publishes = Counter.builder("rollcall.publishes").description("Updates accepted by the HTTP publish API").register(registry);
        publishRejected = Counter.builder("rollcall.publishes.rejected")
                .description("HTTP publishes refused (bad input, auth)").register(registry);
        sessionDuration = Timer.builder("rollcall.session.duration").description("Lifetime of closed WebSocket sessions")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.closes()) {
                closes.put(code, Counter.builder("rollcall.connections.closed").tag("reason", code.label())
                        .description("Sessions closed by the server, by reason").register(registry));
            }
            errors.put(code, Counter.builder("rollcall.errors").tag("kind", code.label())
                    .description("Error frames and error closes sent, by code").register(registry));
        }
        resumesRecovered = Counter.builder("rollcall.subscriptions.catchup").tag("outcome", "recovered")
                .description("Subscribe and resync outcomes: replayed from history or reset with a snapshot").register(registry);
        resumesSnapshot = Counter.builder("rollcall.subscriptions.catchup").tag("outcome", "snapshot").register(registry);
        httpRejected = Counter.builder("rollcall.http.rejected").description("HTTP requests answered with 4xx").register(registry);
        tlsFailures = Counter.builder("rollcall.tls.failures")
                .description("Connections closed for a TLS error: refused protocol or cipher, not TLS, bad record").register(registry);
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(reason, Counter.builder("rollcall.auth.failures").tag("reason", reason.label())
                    .description("Tokens refused and requests not authorized, by reason (WebSocket and HTTP)").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public <T> void gauge(String name, String description, T target, ToDoubleFunction<T> value) {
        Gauge.builder(name, target, value).description(description).register(registry);
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed(long durationNanos) {
        activeConnections.decrementAndGet();
        sessionDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public void updateReceived() {
        updatesReceived.increment();
    }

    public void delivered(int count) {
        deliveries.increment(count);
    }

    public void published() {
        publishes.increment();
    }

    public void publishRejected() {
        publishRejected.increment();
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
        if (code.closes()) {
            closes.get(code).increment();
        }
    }

    public void caughtUp(boolean recovered) {
        (recovered ? resumesRecovered : resumesSnapshot).increment();
    }

    /** A refused token, refresh or cross-event access. */
    public void authFailed(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    public void tlsFailed() {
        tlsFailures.increment();
    }

    public void httpRejected() {
        httpRejected.increment();
    }

    /** A WebSocket upgrade refused before the handshake, by reason (a small fixed set). */
    public void handshakeRejected(String reason) {
        handshakeRejected.computeIfAbsent(reason, r -> Counter.builder("rollcall.handshakes.rejected").tag("reason", r)
                .description("WebSocket upgrades refused with an HTTP error").register(registry)).increment();
    }
}
