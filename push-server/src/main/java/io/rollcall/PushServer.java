package io.rollcall;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rollcall.auth.Jwks;
import io.rollcall.auth.JwtKeys;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.broker.Broker;
import io.rollcall.config.FileWatcher;
import io.rollcall.config.ServerConfig;
import io.rollcall.http.AdminHandler;
import io.rollcall.http.AttendanceApi;
import io.rollcall.hub.Hub;
import io.rollcall.limits.OutboundBytes;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.limits.UpgradeGate;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import io.rollcall.session.SessionContext;
import io.rollcall.transport.AdminChannelInitializer;
import io.rollcall.transport.ExceptionHandler;
import io.rollcall.transport.PipelineNames;
import io.rollcall.transport.PublicChannelInitializer;
import io.rollcall.tls.ServerTls;
import io.rollcall.transport.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollcall node: owns the event loops, the hub, the public and admin listeners and the broker's
 * lifecycle. {@link #start()}, {@link #drain()} and {@link #stop()} return futures; thread-safe.
 */
public final class PushServer {
    private static final Logger log = LoggerFactory.getLogger(PushServer.class);

    private final ServerConfig config;
    private final Broker broker;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Transports transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup allChannels = new DefaultChannelGroup("rollcall", GlobalEventExecutor.INSTANCE);
    private final OverloadMonitor overload;
    /** Set at start: counts the connections readiness compares with max-connections. */
    private volatile UpgradeGate gate;
    private volatile Channel publicChannel;
    private volatile Channel adminChannel;
    private volatile boolean started;
    private final FileWatcher fileWatcher;
    private volatile ServerTls tls;
    private volatile boolean draining;
    private final AtomicBoolean drainStarted = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<Void>> stopped = new AtomicReference<>();

    public PushServer(ServerConfig config, Broker broker) {
        this.config = config;
        this.broker = broker;
        this.transport = Transports.select(config.network().transport());
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rollcall-accept"), transport.ioHandlerFactory());
        int threads = config.network().ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.network().ioThreads();
        this.workerGroup = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rollcall-io"), transport.ioHandlerFactory());
        this.fileWatcher = new FileWatcher(config.reloadInterval());
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
            metrics.bindNetty(allocator, workerGroup);
        }
        metrics.gauge("rollcall.ready", "1 while the node accepts new clients (/readyz)", this, server -> server.isReady() ? 1 : 0);
        metrics.gauge("rollcall.draining", "1 while the node drains", this, server -> server.draining ? 1 : 0);
        metrics.gauge("rollcall.broker.connected", "1 while the broker link is up", broker, b -> b.isConnected() ? 1 : 0);
        this.overload = new OverloadMonitor(config.limits().overload(), metrics, () -> OutboundBytes.total(allChannels));
        metrics.gauge("rollcall.outbound.pending.bytes", "Bytes queued for writing on all public connections", allChannels,
                OutboundBytes::total);
    }

    /** Starts the broker and binds both ports; completes when the node can serve. */
    public CompletableFuture<PushServer> start() {
        Hub hub = new Hub(broker, ByteBufAllocator.DEFAULT, metrics, workerGroup.next(), config.delivery().topicLinger());
        JwtVerifier verifier;
        try {
            verifier = new JwtVerifier(jwtKeys(), new JwtVerifier.Expectations(config.auth().issuer(), config.auth().audience(),
                    config.auth().leeway()), Clock.systemUTC());
            tls = config.tls().enabled() ? ServerTls.load(config.tls()) : null;
        } catch (IOException | RuntimeException e) {
            stop();
            return CompletableFuture.failedFuture(e);
        }
        if (tls != null) {
            fileWatcher.watch(List.of(config.tls().cert().orElseThrow(), config.tls().key().orElseThrow()), tls::reload);
        }
        SessionContext sessions = new SessionContext(config, broker, hub, verifier, metrics);
        AttendanceApi api = new AttendanceApi(broker, verifier, metrics);
        metrics.gauge("rollcall.topics.local", "Events with local subscribers", hub, Hub::topicCount);
        ExceptionHandler exceptions = new ExceptionHandler(metrics);
        gate = new UpgradeGate(config.limits().admission(), overload);
        metrics.gauge("rollcall.connections.admitted", "WebSocket connections counted against max-connections", gate, UpgradeGate::connections);
        // Checks run on the accept loop: it is never the one lagging from client work.
        overload.start(workerGroup, bossGroup.next());
        return broker.start(hub).thenCompose(ignored -> {
            ServerBootstrap publicBootstrap = bootstrap(new PublicChannelInitializer(sessions, api, allChannels, tls, gate, overload))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.limits().writeBufferLow(), config.limits().writeBufferHigh()));
            AdminHandler adminHandler = new AdminHandler(metrics, this::notReadyReason, () -> drain());
            ServerBootstrap adminBootstrap = bootstrap(new AdminChannelInitializer(adminHandler, exceptions));
            CompletableFuture<Channel> publicBound = bind(publicBootstrap, config.network().host(), config.network().port());
            CompletableFuture<Channel> adminBound = bind(adminBootstrap, config.network().adminHost(), config.network().adminPort());
            return publicBound.thenCombine(adminBound, (pub, admin) -> {
                publicChannel = pub;
                adminChannel = admin;
                started = true;
                log.info("node {} serving on port {} (admin {}), transport {}", config.nodeId(), port(), adminPort(), transport.name());
                return this;
            });
        }).whenComplete((server, error) -> {
            if (error != null) {
                stop();
            }
        });
    }

    /** The HS256 secret and the JWKS file's keys, the latter replaced whenever the file changes. */
    private JwtKeys jwtKeys() throws IOException {
        JwtKeys keys = JwtKeys.of(config.auth().jwtSecret());
        Optional<Path> jwksFile = config.auth().jwksFile();
        if (jwksFile.isPresent()) {
            Path file = jwksFile.get();
            Jwks jwks = Jwks.load(file);
            keys.replaceJwks(jwks);
            log.info("JWKS {}: {} usable keys", file, jwks.size());
            fileWatcher.watch(List.of(file), () -> {
                try {
                    Jwks next = Jwks.load(file);
                    keys.replaceJwks(next);
                    log.info("JWKS {} reloaded: {} usable keys", file, next.size());
                } catch (IOException e) {
                    log.warn("JWKS {} changed but cannot be used, keeping the previous keys: {}", file, e.getMessage());
                }
            });
        }
        return keys;
    }

    private ServerBootstrap bootstrap(io.netty.channel.ChannelHandler initializer) {
        return new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
    }

    private static CompletableFuture<Channel> bind(ServerBootstrap bootstrap, String host, int port) {
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        ChannelFuture future = bootstrap.bind(host, port);
        future.addListener(f -> {
            if (f.isSuccess()) {
                bound.complete(future.channel());
            } else {
                bound.completeExceptionally(new IllegalStateException("cannot listen on " + host + ":" + port, f.cause()));
            }
        });
        return bound;
    }

    /** Whether the node should get new clients: started, not draining, broker connected. */
    public boolean isReady() {
        return notReadyReason() == null;
    }

    /** Why the node should not get new clients now, or null when it should. */
    public String notReadyReason() {
        if (draining) {
            return "draining";
        }
        if (!started) {
            return "not started";
        }
        if (!broker.isConnected()) {
            return "broker disconnected";
        }
        if (gate != null && gate.connections() >= config.limits().admission().maxConnections()) {
            return "at connection limit";
        }
        if (overload.isOverloaded()) {
            return "overloaded";
        }
        return null;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Drains the node (docs/operations.md): readiness goes false at once; after the load-balancer
     * delay it stops accepting and sends {@code go_away} to its sessions in batches over the spread
     * window; when they have left, or at the drain timeout, it stops. Idempotent: every call returns
     * the same future, completed once the node has stopped.
     */
    public CompletableFuture<Void> drain() {
        if (!drainStarted.compareAndSet(false, true)) {
            return drained;
        }
        draining = true;
        log.info("draining: not ready; go_away in {} ms, spread over {} ms, stop at the latest after {} ms",
                config.operations().drainLbDelay().toMillis(), config.operations().drainSpread().toMillis(),
                config.operations().drainTimeout().toMillis());
        new Drain(config.operations(), workerGroup.next(), this::stopAccepting, this::sessions).start()
                .thenComposeAsync(done -> stop()) // off the event loop: stop() waits for channels to close
                .whenComplete((done, error) -> drained.complete(null));
        return drained;
    }

    /** Completes when a drain (from {@link #drain()} or the admin endpoint) has finished and the node stopped. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    private void stopAccepting() {
        if (publicChannel != null) {
            publicChannel.close();
        }
    }

    private List<Session> sessions() {
        List<Session> sessions = new ArrayList<>();
        for (Channel channel : allChannels) {
            if (channel.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
                sessions.add(session);
            }
        }
        return sessions;
    }

    public int port() {
        return ((InetSocketAddress) publicChannel.localAddress()).getPort();
    }

    public int adminPort() {
        return ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** The TLS provider in use, or empty in plain mode. */
    public Optional<io.netty.handler.ssl.SslProvider> tlsProvider() {
        return Optional.ofNullable(tls).map(ServerTls::provider);
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ServerConfig config() {
        return config;
    }

    /** Closes listeners and connections, stops the event loops and the broker. Idempotent. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        if (!this.stopped.compareAndSet(null, stopped)) {
            return this.stopped.get();
        }
        started = false;
        fileWatcher.close();
        overload.stop();
        if (publicChannel != null) {
            publicChannel.close();
        }
        if (adminChannel != null) {
            adminChannel.close();
        }
        for (Channel channel : allChannels) {
            // Sessions get a close frame (1001, reconnect and resume elsewhere); other connections just close.
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
                    session.closeWith(ErrorCode.GOING_AWAY, "server shutting down");
                } else {
                    channel.close();
                }
            });
        }
        allChannels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        allChannels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f ->
                // Not on the listener's thread (Netty's global executor): a broker's own shutdown may need it.
                CompletableFuture.runAsync(broker::close).whenComplete((done, error) -> stopped.complete(null)));
        return stopped;
    }
}
