package io.rollcall.config;

import io.rollcall.auth.Jwks;
import io.rollcall.auth.JwtKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole, validated configuration of a node. Immutable; build it with {@link ConfigLoader} or,
 * in tests, {@link #of(Map)}.
 */
public record ServerConfig(String nodeId, Network network, Tls tls, Auth auth, Limits limits, Delivery delivery, Redis redis,
        Duration reloadInterval, Operations operations, Map<Setting, String> source) {

    /** Where the node listens and how it does I/O. */
    public record Network(String host, int port, String adminHost, int adminPort, Transport transport, int ioThreads) {}

    /**
     * TLS on the public port; off ({@link #enabled()} false) when no certificate is configured. An
     * empty {@code groups} keeps the provider's key exchange groups.
     */
    public record Tls(Optional<Path> cert, Optional<Path> key, String keyPassword, List<String> protocols, TlsProvider provider,
            List<String> groups) {
        public boolean enabled() {
            return cert.isPresent();
        }
    }

    public enum TlsProvider { AUTO, OPENSSL, JDK }

    /** Token verification: an HS256 secret (may be empty) and/or a JWKS file, and the claim checks. */
    public record Auth(byte[] jwtSecret, Optional<Path> jwksFile, String issuer, String audience, Duration leeway,
            Duration expiryWarning) {}

    /** Bounds on what one client may send or make the node hold. */
    public record Limits(int maxFrameSize, int maxSubscriptions, int maxHttpBody, Duration connectTimeout, int writeBufferLow,
            int writeBufferHigh, Duration slowConsumerTimeout, int maxPendingBytes, Admission admission, InboundRate inboundRate,
            Overload overload) {}

    /**
     * Who may open a WebSocket, checked before the upgrade. {@code maxConnectionsPerIp} 0 means no
     * limit; an empty {@code allowedOrigins} allows any Origin.
     */
    public record Admission(int maxConnections, int maxConnectionsPerIp, java.util.Set<InetAddress> trustedProxies,
            java.util.Set<String> allowedOrigins, Duration retryAfter, Duration httpIdleTimeout) {}

    /** Token bucket of inbound frames per connection: {@code perSecond} refill, {@code burst} size. */
    public record InboundRate(int perSecond, int burst, int overloadedPerSecond) {}

    /** Marks past which the node counts as overloaded, and how often they are measured. */
    public record Overload(Duration checkInterval, Duration loopLag, int memoryPercent, long pendingBytes) {}

    /** Delivery and history. */
    public record Delivery(int historySize, int snapshotPageSize, Duration heartbeatInterval, Duration topicLinger) {}

    /**
     * Where the broker lives: {@link #uri} for one Redis, {@link #clusterSeeds} for a Cluster, neither
     * for the embedded broker.
     */
    public record Redis(String uri, java.util.List<String> clusterSeeds, String password, boolean tls, String keyPrefix) {
        public boolean enabled() {
            return !uri.isEmpty() || !clusterSeeds.isEmpty();
        }
    }

    public enum Transport { AUTO, IO_URING, EPOLL, NIO }

    /** How the node logs and how it drains (docs/operations.md). */
    public record Operations(LogFormat logFormat, Duration drainLbDelay, Duration drainSpread, Duration drainTimeout) {}

    public enum LogFormat { TEXT, JSON }

    /** Builds and validates a config from raw values (missing keys take their defaults). */
    public static ServerConfig of(Map<Setting, String> raw) {
        Values v = new Values(raw);
        Transport transport = Transport.AUTO;
        try {
            transport = Transport.valueOf(v.string(Setting.TRANSPORT).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.problem(Setting.TRANSPORT, "one of auto, io_uring, epoll, nio");
        }
        Network network = new Network(v.string(Setting.HOST), v.integer(Setting.PORT, 0, 65535), v.string(Setting.ADMIN_HOST),
                v.integer(Setting.ADMIN_PORT, 0, 65535), transport, v.integer(Setting.IO_THREADS, 0, 1024));
        Auth auth = auth(v);
        Tls tls = tls(v);
        Limits limits = new Limits(v.size(Setting.MAX_FRAME_SIZE, 256), v.integer(Setting.MAX_SUBSCRIPTIONS, 1, 100_000),
                v.size(Setting.MAX_HTTP_BODY, 1024), v.duration(Setting.CONNECT_TIMEOUT, Duration.ofMillis(100)),
                v.size(Setting.WRITE_BUFFER_LOW, 1024), v.size(Setting.WRITE_BUFFER_HIGH, 2048),
                v.duration(Setting.SLOW_CONSUMER_TIMEOUT, Duration.ofMillis(100)), v.size(Setting.MAX_PENDING_BYTES, 4096),
                admission(v), inboundRate(v), new Overload(v.duration(Setting.OVERLOAD_CHECK_INTERVAL, Duration.ofMillis(10)),
                        v.duration(Setting.OVERLOAD_LOOP_LAG, Duration.ofMillis(1)), v.integer(Setting.OVERLOAD_MEMORY, 1, 100),
                        v.size(Setting.OVERLOAD_PENDING_BYTES, 1)));
        if (limits.writeBufferLow() >= limits.writeBufferHigh()) {
            v.problem(Setting.WRITE_BUFFER_LOW, "less than write-buffer-high");
        }
        if (limits.maxPendingBytes() < limits.writeBufferHigh()) {
            v.problem(Setting.MAX_PENDING_BYTES, "at least write-buffer-high");
        }
        Delivery delivery = new Delivery(v.integer(Setting.HISTORY_SIZE, 1, 10_000_000), v.integer(Setting.SNAPSHOT_PAGE_SIZE, 1, 100_000),
                v.duration(Setting.HEARTBEAT_INTERVAL, Duration.ofMillis(100)), v.duration(Setting.TOPIC_LINGER, Duration.ZERO));
        Redis redis = redis(v);
        String demo = v.string(Setting.DEMO);
        if (!demo.equals("true") && !demo.equals("false")) {
            v.problem(Setting.DEMO, "true or false");
        }
        Operations operations = operations(v);
        if (network.port() != 0 && network.port() == network.adminPort()) {
            v.problem(Setting.ADMIN_PORT, "different from port");
        }
        v.check();
        String nodeId = v.string(Setting.NODE_ID);
        if (nodeId.isEmpty()) {
            nodeId = defaultNodeId();
        }
        return new ServerConfig(nodeId, network, tls, auth, limits, delivery, redis, v.duration(Setting.RELOAD_INTERVAL, Duration.ofMillis(50)),
                operations, Map.copyOf(raw));
    }

    private static Auth auth(Values v) {
        byte[] secret = v.string(Setting.JWT_SECRET).getBytes(StandardCharsets.UTF_8);
        Optional<Path> jwks = v.readableFile(Setting.JWT_JWKS_FILE);
        if (jwks.isPresent()) {
            try {
                Jwks.load(jwks.get());
            } catch (IOException e) {
                v.problem(Setting.JWT_JWKS_FILE, "a JWKS file: " + e.getMessage());
            }
        }
        if (secret.length == 0 && v.string(Setting.JWT_JWKS_FILE).isEmpty()) {
            v.problem(Setting.JWT_SECRET, "an HS256 secret of at least 32 bytes, or a jwt-jwks-file");
        } else if (secret.length > 0 && secret.length < JwtKeys.MIN_SECRET_BYTES) {
            v.problem(Setting.JWT_SECRET, "at least 32 bytes (HS256 needs a 256-bit key)");
        }
        return new Auth(secret, jwks, v.string(Setting.JWT_ISSUER), v.string(Setting.JWT_AUDIENCE),
                v.duration(Setting.JWT_LEEWAY, Duration.ZERO), v.duration(Setting.JWT_EXPIRY_WARNING, Duration.ZERO));
    }

    private static Tls tls(Values v) {
        Optional<Path> cert = v.readableFile(Setting.TLS_CERT);
        Optional<Path> key = v.readableFile(Setting.TLS_KEY);
        if (v.string(Setting.TLS_CERT).isEmpty() != v.string(Setting.TLS_KEY).isEmpty()) {
            v.problem(v.string(Setting.TLS_CERT).isEmpty() ? Setting.TLS_CERT : Setting.TLS_KEY, "set together with "
                    + (v.string(Setting.TLS_CERT).isEmpty() ? "tls-key" : "tls-cert"));
        }
        List<String> protocols = commaSeparated(v.string(Setting.TLS_PROTOCOLS));
        if (protocols.isEmpty() || !List.of("TLSv1.3", "TLSv1.2").containsAll(protocols)) {
            v.problem(Setting.TLS_PROTOCOLS, "TLSv1.3, TLSv1.2 or both, comma-separated");
        }
        TlsProvider provider = TlsProvider.AUTO;
        try {
            provider = TlsProvider.valueOf(v.string(Setting.TLS_PROVIDER).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.problem(Setting.TLS_PROVIDER, "one of auto, openssl, jdk");
        }
        List<String> groups = commaSeparated(v.string(Setting.TLS_GROUPS));
        if (!groups.isEmpty() && provider == TlsProvider.JDK) {
            v.problem(Setting.TLS_GROUPS, "empty with tls-provider jdk (the JDK takes -Djdk.tls.namedGroups)");
        }
        return new Tls(cert, key, v.string(Setting.TLS_KEY_PASSWORD), protocols, provider, groups);
    }

    private static List<String> commaSeparated(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    private static Operations operations(Values v) {
        LogFormat format = LogFormat.TEXT;
        try {
            format = LogFormat.valueOf(v.string(Setting.LOG_FORMAT).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.problem(Setting.LOG_FORMAT, "text or json");
        }
        Operations operations = new Operations(format, v.duration(Setting.DRAIN_LB_DELAY, Duration.ZERO),
                v.duration(Setting.DRAIN_SPREAD, Duration.ZERO), v.duration(Setting.DRAIN_TIMEOUT, Duration.ofSeconds(1)));
        if (operations.drainTimeout().compareTo(operations.drainLbDelay().plus(operations.drainSpread())) <= 0) {
            v.problem(Setting.DRAIN_TIMEOUT, "longer than drain-lb-delay + drain-spread");
        }
        return operations;
    }

    private static Admission admission(Values v) {
        java.util.Set<InetAddress> proxies = new java.util.LinkedHashSet<>();
        for (String address : v.list(Setting.TRUSTED_PROXIES)) {
            // A literal only: resolving host names here would make the trust depend on DNS.
            java.net.InetAddress parsed = io.netty.util.NetUtil.createInetAddressFromIpAddressString(address);
            if (parsed == null) {
                v.problem(Setting.TRUSTED_PROXIES, "IP addresses like 10.0.0.2,fd00::2 (no host names)");
                break;
            }
            proxies.add(parsed);
        }
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        for (String origin : v.list(Setting.ALLOWED_ORIGINS)) {
            if (!origin.matches("(?i)https?://[^/\\s]+")) {
                v.problem(Setting.ALLOWED_ORIGINS, "origins like https://app.example or http://localhost:3000 (no path)");
                break;
            }
            origins.add(origin.toLowerCase(java.util.Locale.ROOT));
        }
        return new Admission(v.integer(Setting.MAX_CONNECTIONS, 1, 10_000_000), v.integer(Setting.MAX_CONNECTIONS_PER_IP, 0, 10_000_000),
                java.util.Set.copyOf(proxies), java.util.Set.copyOf(origins), v.duration(Setting.RETRY_AFTER, Duration.ofSeconds(1)),
                v.duration(Setting.HTTP_IDLE_TIMEOUT, Duration.ofMillis(100)));
    }

    private static InboundRate inboundRate(Values v) {
        InboundRate rate = new InboundRate(v.integer(Setting.MAX_FRAME_RATE, 1, 1_000_000), v.integer(Setting.MAX_FRAME_BURST, 1, 1_000_000),
                v.integer(Setting.OVERLOAD_FRAME_RATE, 1, 1_000_000));
        if (rate.overloadedPerSecond() > rate.perSecond()) {
            v.problem(Setting.OVERLOAD_FRAME_RATE, "at most max-frame-rate");
        }
        return rate;
    }

    private static Redis redis(Values v) {
        String uri = v.string(Setting.REDIS);
        if (!uri.isEmpty() && !uri.matches("rediss?://.+")) {
            v.problem(Setting.REDIS, "a URI like redis://host:6379 or rediss://host:6380");
        }
        java.util.List<String> seeds = new java.util.ArrayList<>();
        for (String seed : v.string(Setting.REDIS_CLUSTER).split(",")) {
            if (seed.isBlank()) {
                continue;
            }
            if (!seed.trim().matches("[^:\\s]+:\\d{1,5}")) {
                v.problem(Setting.REDIS_CLUSTER, "host:port[,host:port...]");
                break;
            }
            seeds.add(seed.trim());
        }
        if (!uri.isEmpty() && !seeds.isEmpty()) {
            v.problem(Setting.REDIS_CLUSTER, "either --redis or --redis-cluster, not both");
        }
        String tls = v.string(Setting.REDIS_TLS);
        if (!tls.equals("true") && !tls.equals("false")) {
            v.problem(Setting.REDIS_TLS, "true or false");
        }
        String prefix = v.string(Setting.REDIS_KEY_PREFIX);
        if (prefix.contains("{") || prefix.contains("}")) {
            v.problem(Setting.REDIS_KEY_PREFIX, "no braces (the event id is the hash tag)");
        }
        return new Redis(uri, java.util.List.copyOf(seeds), v.string(Setting.REDIS_PASSWORD), tls.equals("true"), prefix);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "-" + io.rollcall.attendance.MessageIds.shortId().substring(0, 4).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether to play the demo event ({@code --demo}); validated in {@link #of}. */
    public boolean demo() {
        return source.getOrDefault(Setting.DEMO, Setting.DEMO.defaultValue()).trim().equals("true");
    }

    /** The effective settings, one per line, secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting setting : Setting.values()) {
            String value = source.getOrDefault(setting, setting.defaultValue());
            if (setting.secret() && !value.isEmpty()) {
                value = "****** (" + value.length() + " characters)";
            } else if (setting == Setting.REDIS) {
                // A password may sit in the URI's user info.
                value = value.replaceFirst("//[^@/]*@", "//******@");
            }
            if (setting == Setting.NODE_ID) {
                value = nodeId;
            }
            out.append(String.format("  %-22s %s%n", setting.key(), value));
        }
        return out.toString();
    }
}
