package io.rollcall.config;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The whole, validated configuration of a node. Immutable; build it with {@link ConfigLoader} or,
 * in tests, {@link #of(Map)}.
 */
public record ServerConfig(String nodeId, Network network, Auth auth, Limits limits, Delivery delivery, Redis redis,
        Map<Setting, String> source) {

    /** Where the node listens and how it does I/O. */
    public record Network(String host, int port, String adminHost, int adminPort, Transport transport, int ioThreads) {}

    /** Token verification. */
    public record Auth(byte[] jwtSecret, Duration leeway) {}

    /** Bounds on what one client may send or make the node hold. */
    public record Limits(int maxFrameSize, int maxSubscriptions, int maxHttpBody, Duration connectTimeout, int writeBufferLow,
            int writeBufferHigh, Duration slowConsumerTimeout, int maxPendingBytes) {}

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
        byte[] secret = v.string(Setting.JWT_SECRET).getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            v.problem(Setting.JWT_SECRET, "at least 32 bytes (HS256 needs a 256-bit key)");
        }
        Auth auth = new Auth(secret, v.duration(Setting.JWT_LEEWAY, Duration.ZERO));
        Limits limits = new Limits(v.size(Setting.MAX_FRAME_SIZE, 256), v.integer(Setting.MAX_SUBSCRIPTIONS, 1, 100_000),
                v.size(Setting.MAX_HTTP_BODY, 1024), v.duration(Setting.CONNECT_TIMEOUT, Duration.ofMillis(100)),
                v.size(Setting.WRITE_BUFFER_LOW, 1024), v.size(Setting.WRITE_BUFFER_HIGH, 2048),
                v.duration(Setting.SLOW_CONSUMER_TIMEOUT, Duration.ofMillis(100)), v.size(Setting.MAX_PENDING_BYTES, 4096));
        if (limits.writeBufferLow() >= limits.writeBufferHigh()) {
            v.problem(Setting.WRITE_BUFFER_LOW, "less than write-buffer-high");
        }
        if (limits.maxPendingBytes() < limits.writeBufferHigh()) {
            v.problem(Setting.MAX_PENDING_BYTES, "at least write-buffer-high");
        }
        Delivery delivery = new Delivery(v.integer(Setting.HISTORY_SIZE, 1, 10_000_000), v.integer(Setting.SNAPSHOT_PAGE_SIZE, 1, 100_000),
                v.duration(Setting.HEARTBEAT_INTERVAL, Duration.ofMillis(100)), v.duration(Setting.TOPIC_LINGER, Duration.ZERO));
        Redis redis = redis(v);
        if (network.port() != 0 && network.port() == network.adminPort()) {
            v.problem(Setting.ADMIN_PORT, "different from port");
        }
        v.check();
        String nodeId = v.string(Setting.NODE_ID);
        if (nodeId.isEmpty()) {
            nodeId = defaultNodeId();
        }
        return new ServerConfig(nodeId, network, auth, limits, delivery, redis, Map.copyOf(raw));
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

    /** The effective settings, one per line, secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting setting : Setting.values()) {
            String value = source.getOrDefault(setting, setting.defaultValue());
            if (setting.secret() && !value.isEmpty()) {
                value = "****** (" + value.length() + " characters)";
            }
            if (setting == Setting.NODE_ID) {
                value = nodeId;
            }
            out.append(String.format("  %-22s %s%n", setting.key(), value));
        }
        return out.toString();
    }
}
