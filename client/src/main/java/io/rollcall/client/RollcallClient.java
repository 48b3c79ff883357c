package io.rollcall.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Unsubscribe;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a rollcall server that survives disconnects: it reconnects with exponential
 * backoff and full jitter (or after the server's {@code go_away} delay), authenticates with a token
 * from the supplier, refreshes that token in-band before it expires, detects a silent link from the
 * server's heartbeats, and resubscribes every event from its position, so listeners see each update
 * exactly once, in order (docs/protocol.md §5). A close code that blames the client (1002, 1009,
 * 4400, 4405: a bug to fix, not a condition to wait out) ends reconnecting instead: a pending
 * {@link #connect()} fails and every listener's {@link EventListener#onError} gets the code.
 *
 * <p>Threading: every method is thread-safe. Listeners and the token supplier are called on the
 * client's event loop thread (one per client; shared when {@link Builder#eventLoopGroup} is given),
 * one call at a time: they must not block.
 */
public final class RollcallClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RollcallClient.class);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Largest server message accepted (a snapshot page of 500 guests is far below). */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final URI uri;
    /** Set for {@code wss://} URIs only. */
    private final SslContext tls;
    private final Supplier<String> tokens;
    private final Encoding encoding;
    private final Clock clock;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Backoff backoff;
    private final Map<String, EventPosition> events = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile Channel channel;
    private volatile boolean closed;

    private RollcallClient(Builder builder) {
        this.uri = Objects.requireNonNull(builder.uri, "uri");
        this.tls = uri.getScheme().equals("wss") ? tlsContext(builder.tls) : null;
        this.tokens = Objects.requireNonNull(builder.tokens, "token supplier");
        this.encoding = builder.encoding;
        this.clock = builder.clock;
        this.ownsGroup = builder.group == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : builder.group;
        this.backoff = new Backoff(builder.minBackoff, builder.maxBackoff);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Connects; completes when the first session is authenticated. Later reconnects are automatic. */
    public CompletableFuture<Void> connect() {
        open();
        return firstConnect;
    }

    /** Watches an event; the listener gets its snapshot and then every update. */
    public void subscribe(String eventId, EventListener listener) {
        EventPosition position = new EventPosition(eventId, listener);
        if (events.putIfAbsent(eventId, position) != null) {
            throw new IllegalStateException("already subscribed to " + eventId);
        }
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.eventLoop().execute(() -> session(current).subscribe(current, position));
        }
    }

    public void unsubscribe(String eventId) {
        Channel current = channel;
        if (events.remove(eventId) != null && current != null && current.isActive()) {
            current.eventLoop().execute(() -> session(current).send(current,
                    ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId(eventId)).build()));
        }
    }

    /** The last position applied for the event: {@code epoch:seq}, for diagnostics. */
    public String position(String eventId) {
        EventPosition position = events.get(eventId);
        return position == null ? "" : position.epoch + ":" + position.seq;
    }

    /** Sessions authenticated so far (1 + reconnects), for diagnostics and tests. */
    public int sessions() {
        return sessions.get();
    }

    /** In-band token refreshes sent so far. */
    public int refreshes() {
        return refreshes.get();
    }

    /** Closes the connection (a normal WebSocket close) and stops reconnecting. */
    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
        firstConnect.completeExceptionally(new IllegalStateException("client closed"));
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Drops the connection as a network failure would; the client reconnects and resumes. For tests and drills. */
    void dropConnection() {
        Channel current = channel;
        if (current != null) {
            current.close();
        }
    }

    // ---- for ClientSession (event loop) ----

    URI uri() {
        return uri;
    }

    String token() {
        return tokens.get();
    }

    Backoff backoff() {
        return backoff;
    }

    Collection<EventPosition> positions() {
        return events.values();
    }

    /** The position of an event this client watches, or a sink for frames about one it stopped watching. */
    EventPosition positionOf(String eventId) {
        EventPosition position = events.get(eventId);
        return position != null ? position : EventPosition.ignored(eventId);
    }

    void sessionStarted(Channel established) {
        channel = established;
        sessions.incrementAndGet();
        firstConnect.complete(null);
    }

    void refreshed() {
        refreshes.incrementAndGet();
    }

    /**
     * The server closed with a code that blames this client: stop reconnecting, fail a pending
     * {@link #connect()}, and tell every listener (a bug to fix, not a condition to retry).
     */
    void giveUp(int code, String reason) {
        closed = true;
        log.warn("server {} closed the connection with {} ({}); not reconnecting", uri, code, reason);
        firstConnect.completeExceptionally(new IllegalStateException("server closed the connection with " + code + " (" + reason + ")"));
        for (EventPosition position : events.values()) {
            position.listener.onError(code, reason);
        }
    }

    void connectionEnded() {
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        log.debug("reconnecting to {} in {} ms", uri, delay);
        group.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    private static ClientSession session(Channel channel) {
        return channel.pipeline().get(ClientSession.class);
    }

    private void open() {
        if (closed) {
            return;
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol(encoding.subprotocol()).customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(MAX_MESSAGE_BYTES).handleCloseFrames(false).build();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), uri.getHost(), port(uri)));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536), new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(MAX_MESSAGE_BYTES), new ClientSession(RollcallClient.this, encoding, clock));
            }
        }).connect(uri.getHost(), port(uri)).addListener(f -> {
            if (!f.isSuccess()) {
                connectionEnded();
            }
        });
    }

    /** The caller's context, or one trusting the JDK's default CAs; the server's host name is always verified. */
    private static SslContext tlsContext(SslContext given) {
        if (given != null) {
            return given;
        }
        try {
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
    }

    /** Builds a client; defaults are the constants above. */
    public static final class Builder {
        private URI uri;
        private SslContext tls;
        private Supplier<String> tokens;
        private Encoding encoding = Encoding.PROTO;
        private Clock clock = Clock.systemUTC();
        private EventLoopGroup group;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

        /** {@code ws://host:port/ws}, or {@code wss://host:port/ws} for TLS (see {@link #tls}). */
        public Builder uri(URI uri) {
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("uri: " + uri + " (expected: ws://host:port/ws or wss://host:port/ws)");
            }
            this.uri = uri;
            return this;
        }

        /**
         * The TLS context for {@code wss://} (e.g. {@code SslContextBuilder.forClient().trustManager(caFile)}
         * for a private CA). Default: the JDK's trusted CAs with host-name verification.
         */
        public Builder tls(SslContext tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** Called for every (re)connect and every refresh, so it can hand out a fresh token. Must not block. */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** {@link Encoding#PROTO} (default) or {@link Encoding#JSON}. */
        public Builder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** The clock token expiry is measured against (tests). */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Shares an event loop group (e.g. many clients in a load test); the caller shuts it down. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff: " + min + ".." + max + " (expected: 0 < min <= max)");
            }
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        public RollcallClient build() {
            return new RollcallClient(this);
        }
    }
}
