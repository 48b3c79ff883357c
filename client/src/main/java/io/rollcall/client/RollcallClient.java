package io.rollcall.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Unsubscribe;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a rollcall server over the {@code rollcall.v1.proto} subprotocol that survives
 * disconnects: it reconnects with exponential backoff and full jitter (or after the server's
 * {@code go_away} delay), authenticates with a fresh token from the supplier, and resubscribes
 * every event from its position, so listeners see each update exactly once, in order.
 * Thread-safe; listeners run on the client's event loop thread.
 */
public final class RollcallClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RollcallClient.class);
    public static final String SUBPROTOCOL = "rollcall.v1.proto";
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private final URI uri;
    private final Supplier<String> tokens;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Map<String, EventPosition> events = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile long goAwayDelayMillis = -1;
    private int attempt;

    private RollcallClient(Builder builder) {
        this.uri = Objects.requireNonNull(builder.uri, "uri");
        this.tokens = Objects.requireNonNull(builder.tokens, "token supplier");
        this.ownsGroup = builder.group == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : builder.group;
        this.minBackoff = builder.minBackoff;
        this.maxBackoff = builder.maxBackoff;
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
            current.eventLoop().execute(() -> sendSubscribe(current, position));
        }
    }

    public void unsubscribe(String eventId) {
        if (events.remove(eventId) != null && channel != null) {
            send(channel, ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId(eventId)).build());
        }
    }

    /** The last position applied for the event: {@code epoch:seq}, for diagnostics. */
    public String position(String eventId) {
        EventPosition position = events.get(eventId);
        return position == null ? "" : position.epoch + ":" + position.seq;
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
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

    private void open() {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol(SUBPROTOCOL).customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(16 << 20).handleCloseFrames(false).build();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536), new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(16 << 20), new Session());
            }
        }).connect(uri.getHost(), port(uri)).addListener(f -> {
            if (!f.isSuccess()) {
                scheduleReconnect();
            }
        });
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay;
        if (goAwayDelayMillis >= 0) {
            delay = goAwayDelayMillis;
            goAwayDelayMillis = -1;
        } else {
            // Exponential backoff with full jitter: spreads a crowd of clients reconnecting at once.
            long cap = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(attempt, 20));
            delay = ThreadLocalRandom.current().nextLong(cap + 1);
            attempt++;
        }
        log.debug("reconnecting to {} in {} ms", uri, delay);
        group.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    private void sendSubscribe(Channel target, EventPosition position) {
        send(target, ClientFrame.newBuilder().setSubscribe(
                Subscribe.newBuilder().setEventId(position.eventId).setEpoch(position.epoch).setSinceSeq(position.seq)).build());
    }

    private static void send(Channel target, ClientFrame frame) {
        target.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
    }

    /** One connection's protocol handling. Event loop only. */
    private final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                send(ctx.channel(), ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(tokens.get())).build());
            } else if (event instanceof IdleStateEvent) {
                log.debug("no traffic from {} for two heartbeat intervals; reconnecting", uri);
                ctx.close();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
            if (frame instanceof CloseWebSocketFrame close) {
                log.debug("server closed the session: {} {}", close.statusCode(), close.reasonText());
                ctx.close();
                return;
            }
            if (!(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            ServerFrame message = ServerFrame.parseFrom(frame.content().nioBuffer());
            switch (message.getKindCase()) {
                case CONNECTED -> connected(ctx, message);
                case SUBSCRIBED -> position(message.getSubscribed().getEventId()).subscribed(message.getSubscribed());
                case SNAPSHOT -> position(message.getSnapshot().getEventId()).snapshotPage(message.getSnapshot());
                case UPDATE -> {
                    EventPosition position = position(message.getUpdate().getEventId());
                    if (!position.apply(message.getUpdate())) {
                        log.warn("gap in event {} at {}; resubscribing from {}", position.eventId, message.getUpdate().getSeq(), position.seq);
                        send(ctx.channel(), ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId(position.eventId))
                                .build());
                        sendSubscribe(ctx.channel(), position);
                    }
                }
                case ERROR -> position(message.getError().getEventId()).listener.onError(message.getError().getCode(),
                        message.getError().getMessage());
                case GO_AWAY -> {
                    goAwayDelayMillis = message.getGoAway().getReconnectAfterMs();
                    ctx.close();
                }
                default -> { }
            }
        }

        private void connected(ChannelHandlerContext ctx, ServerFrame message) {
            attempt = 0;
            long silence = 2L * Math.max(1, message.getConnected().getHeartbeatIntervalMs()) + 1000;
            ctx.pipeline().addBefore(ctx.name(), "idle", new IdleStateHandler(silence, 0, 0, TimeUnit.MILLISECONDS));
            for (EventPosition position : events.values()) {
                sendSubscribe(ctx.channel(), position);
            }
            firstConnect.complete(null);
        }

        private EventPosition position(String eventId) {
            EventPosition position = events.get(eventId);
            return position != null ? position : EventPosition.ignored(eventId);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            scheduleReconnect();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection to {} failed: {}", uri, cause.toString());
            ctx.close();
        }
    }

    /** Builds a client; defaults are the constants above. */
    public static final class Builder {
        private URI uri;
        private Supplier<String> tokens;
        private EventLoopGroup group;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

        public Builder uri(URI uri) {
            this.uri = uri;
            return this;
        }

        /** Called for every (re)connect, so it can hand out a fresh token. */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = tokens;
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
