package io.rollcall.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.rollcall.protocol.Update;
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
 * The server's meters (docs/operations.md lists them), created once so hot paths only increment
 * fields. Labels are low-cardinality (never event ids or users). Thread-safe.
 */
public final class ServerMetrics {
    /** Delivery latency buckets: the objectives an SLO on "publish to written" would pick. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Why a catch-up ran: first subscribe without a position, subscribe with one (a resume), or a resync. */
    public enum CatchupTrigger { SUBSCRIBE, RESUME, RESYNC }

    private final PrometheusMeterRegistry registry;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final Counter connectionsOpened;
    private final Counter closedByClient;
    private final Timer sessionDuration;
    private final Counter framesReceived;
    private final Counter updatesReceived;
    private final Counter deliveries;
    private final Counter deliveredBytes;
    private final Timer deliveryLatency;
    private final Counter publishes;
    private final Counter publishRejected;
    private final Map<ErrorCode, Counter> closes = new EnumMap<>(ErrorCode.class);
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter[][] catchups = new Counter[CatchupTrigger.values().length][2];
    private final Counter brokerReconnects;
    private final Counter resyncs;
    private final Counter httpRejected;
    private final Map<String, Counter> handshakeRejected = new ConcurrentHashMap<>();
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);
    private final Counter tlsFailures;
    private final Counter httpIdleClosed;

    public ServerMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("rollcall.connections.active", activeConnections, AtomicInteger::get)
                .description("Open WebSocket sessions").register(registry);
        connectionsOpened = Counter.builder("rollcall.connections.opened").description("WebSocket sessions opened").register(registry);
        closedByClient = closeCounter("client");
        sessionDuration = Timer.builder("rollcall.session.duration").description("Lifetime of closed WebSocket sessions")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
        framesReceived = Counter.builder("rollcall.frames.received").description("WebSocket messages received from clients")
                .register(registry);
        updatesReceived = Counter.builder("rollcall.updates.received")
                .description("Live updates received from the broker for events with local subscribers").register(registry);
        deliveries = Counter.builder("rollcall.deliveries")
                .description("Updates written to subscribers (live and replayed)").register(registry);
        deliveredBytes = Counter.builder("rollcall.delivered.bytes").baseUnit("bytes")
                .description("WebSocket frame bytes of the updates written to subscribers").register(registry);
        deliveryLatency = Timer.builder("rollcall.delivery.latency")
                .description("Time from an update's publish (published_at) to its live write on this node, once per update and event loop")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        publishes = Counter.builder("rollcall.publishes").description("Updates accepted by the HTTP publish API").register(registry);
        publishRejected = Counter.builder("rollcall.publishes.rejected")
                .description("HTTP publishes refused (bad input, auth)").register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.closes()) {
                closes.put(code, closeCounter(code.label()));
            }
            String kind = ErrorKinds.of(code);
            if (kind != null) {
                errors.put(code, Counter.builder("rollcall.errors").tag("kind", kind).tag("code", code.label())
                        .description("Error frames and error closes sent, by kind and code").register(registry));
            }
        }
        for (CatchupTrigger trigger : CatchupTrigger.values()) {
            String label = trigger.name().toLowerCase(java.util.Locale.ROOT);
            catchups[trigger.ordinal()][0] = catchupCounter(label, "snapshot");
            catchups[trigger.ordinal()][1] = catchupCounter(label, "recovered");
        }
        brokerReconnects = Counter.builder("rollcall.broker.reconnects")
                .description("Connections to the broker re-established after a loss").register(registry);
        resyncs = Counter.builder("rollcall.broker.resyncs")
                .description("Event subscriptions restored after a broker reconnect; their members catch up from history")
                .register(registry);
        httpRejected = Counter.builder("rollcall.http.rejected").description("HTTP requests answered with 4xx").register(registry);
        tlsFailures = Counter.builder("rollcall.tls.failures")
                .description("Connections closed for a TLS error: refused protocol or cipher, not TLS, bad record").register(registry);
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(reason, Counter.builder("rollcall.auth.failures").tag("reason", reason.label())
                    .description("Tokens refused and requests not authorized, by reason (WebSocket and HTTP)").register(registry));
        }
        httpIdleClosed = Counter.builder("rollcall.http.idle.closed")
                .description("HTTP keep-alive connections closed for sending no request within http-idle-timeout").register(registry);
    }

    private Counter closeCounter(String reason) {
        return Counter.builder("rollcall.connections.closed").tag("reason", reason)
                .description("Sessions closed, by close reason (client: the client closed or the connection dropped)").register(registry);
    }

    private Counter catchupCounter(String trigger, String outcome) {
        return Counter.builder("rollcall.catchups").tag("trigger", trigger).tag("outcome", outcome)
                .description("Subscription catch-ups: replayed from history (recovered) or reset with a snapshot").register(registry);
    }

    /** Binds the Netty allocator's memory and the event loops' pending task counts. */
    public void bindNetty(ByteBufAllocatorMetricProvider allocator, Iterable<EventExecutor> eventLoops) {
        new NettyAllocatorMetrics(allocator).bindTo(registry);
        new NettyEventExecutorMetrics(eventLoops).bindTo(registry);
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
        connectionsOpened.increment();
    }

    /** A session ended; {@code byClient} when the server did not close it with a code. */
    public void connectionClosed(long durationNanos, boolean byClient) {
        activeConnections.decrementAndGet();
        sessionDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        if (byClient) {
            closedByClient.increment();
        }
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public void frameReceived() {
        framesReceived.increment();
    }

    public void updateReceived() {
        updatesReceived.increment();
    }

    /** Counts {@code count} written updates of {@code bytes} in all (one call per write of a batch, not per update). */
    public void delivered(int count, long bytes) {
        deliveries.increment(count);
        deliveredBytes.increment(bytes);
    }

    /** Records one live update's publish-to-written time; called once per update and event loop, not per subscriber. */
    public void deliveredLive(Update update) {
        long publishedMillis = update.getPublishedAt().getSeconds() * 1000 + update.getPublishedAt().getNanos() / 1_000_000;
        if (publishedMillis > 0) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - publishedMillis), TimeUnit.MILLISECONDS);
        }
    }

    public void published() {
        publishes.increment();
    }

    public void publishRejected() {
        publishRejected.increment();
    }

    /** An error frame or close sent with the code. */
    public void error(ErrorCode code) {
        Counter error = errors.get(code);
        if (error != null) {
            error.increment();
        }
        if (code.closes()) {
            closes.get(code).increment();
        }
    }

    public void caughtUp(CatchupTrigger trigger, boolean recovered) {
        catchups[trigger.ordinal()][recovered ? 1 : 0].increment();
    }

    /** A refused token, refresh or cross-event access. */
    public void authFailed(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    public void tlsFailed() {
        tlsFailures.increment();
    }

    public void brokerReconnected() {
        brokerReconnects.increment();
    }

    public void resynced() {
        resyncs.increment();
    }

    public void httpRejected() {
        httpRejected.increment();
    }

    public void httpIdleClosed() {
        httpIdleClosed.increment();
    }

    /** A WebSocket upgrade refused before the handshake, by reason (a small fixed set). */
    public void handshakeRejected(String reason) {
        handshakeRejected.computeIfAbsent(reason, r -> Counter.builder("rollcall.handshakes.rejected").tag("reason", r)
                .description("WebSocket upgrades refused with an HTTP error").register(registry)).increment();
    }
}
