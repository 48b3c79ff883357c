package io.rollcall.config;

import java.util.Locale;

/**
 * Every configuration key, with its default and meaning. The flag is {@code --name}, the
 * environment variable {@code ROLLCALL_NAME} (dashes become underscores) and the file key
 * {@code name}. {@link #secret} values are masked when printed.
 */
public enum Setting {
    CONFIG("config", "", "optional properties file with any of these keys"),
    DEMO("demo", "false", "play a demo event (demo-wedding) and print its dashboard URL; a dev secret is generated if none is set"),
    HOST("host", "0.0.0.0", "address of the public port"),
    PORT("port", "8080", "public port: WebSocket (/ws), HTTP API, dashboard; 0 picks a free port"),
    ADMIN_HOST("admin-host", "0.0.0.0", "address of the admin port"),
    ADMIN_PORT("admin-port", "9090", "admin port: /metrics, /healthz, /readyz; 0 picks a free port"),
    NODE_ID("node-id", "", "this node's name in logs and the connected frame; default: host name + random suffix"),
    TRANSPORT("transport", "auto", "auto | io_uring | epoll | nio"),
    IO_THREADS("io-threads", "0", "event loop threads; 0 means one per core"),
    TLS_CERT("tls-cert", "", "PEM certificate chain; with tls-key the public port serves TLS (wss://, https://); reloaded on change"),
    TLS_KEY("tls-key", "", "PEM private key (PKCS#8) of tls-cert; reloaded on change"),
    TLS_KEY_PASSWORD("tls-key-password", "", "password of an encrypted tls-key", true),
    TLS_PROTOCOLS("tls-protocols", "TLSv1.3", "TLSv1.3 and/or TLSv1.2, comma-separated"),
    TLS_PROVIDER("tls-provider", "auto", "auto (OpenSSL/BoringSSL when available, else JDK) | openssl | jdk"),
    TLS_GROUPS("tls-groups", "", "key exchange groups in order, comma-separated, e.g. x25519,secp256r1 (openssl provider); empty: "
            + "the provider's default, which puts the post-quantum X25519MLKEM768 first"),
    JWT_SECRET("jwt-secret", "", "HS256 secret, at least 32 bytes; required unless jwt-jwks-file is set", true),
    JWT_JWKS_FILE("jwt-jwks-file", "", "JWKS file of the RS256/ES256 public keys, picked by kid; reloaded on change"),
    JWT_ISSUER("jwt-issuer", "", "iss every token must carry; empty: not checked"),
    JWT_AUDIENCE("jwt-audience", "", "value every token's aud must contain; empty: not checked"),
    JWT_LEEWAY("jwt-leeway", "30s", "clock skew allowed on exp and nbf"),
    JWT_EXPIRY_WARNING("jwt-expiry-warning", "60s", "how long before exp a session gets the 4441 warning to refresh"),
    RELOAD_INTERVAL("reload-interval", "10s", "how often the TLS and JWKS files are checked for changes"),
    REDIS("redis", "", "redis://host:port of a standalone Redis (rediss:// for TLS); empty: embedded broker"),
    REDIS_CLUSTER("redis-cluster", "", "host:port[,host:port...] seed nodes of a Redis Cluster"),
    REDIS_PASSWORD("redis-password", "", "Redis password (overrides one in the URI)", true),
    REDIS_TLS("redis-tls", "false", "TLS to the Redis Cluster seeds (for --redis use rediss://)"),
    REDIS_KEY_PREFIX("redis-key-prefix", "rollcall:", "prefix of every Redis key and channel"),
    HISTORY_SIZE("history-size", "1000", "updates kept per event for resume"),
    SNAPSHOT_PAGE_SIZE("snapshot-page-size", "500", "guests per snapshot page"),
    HEARTBEAT_INTERVAL("heartbeat-interval", "25s", "server ping interval; a peer silent for two intervals is closed"),
    CONNECT_TIMEOUT("connect-timeout", "10s", "time from TCP accept to an authenticated connect frame"),
    TOPIC_LINGER("topic-linger", "5s", "how long an event's broker subscription outlives its last local subscriber"),
    MAX_FRAME_SIZE("max-frame-size", "16KiB", "largest inbound WebSocket message"),
    MAX_SUBSCRIPTIONS("max-subscriptions", "100", "events one connection may watch at once"),
    MAX_HTTP_BODY("max-http-body", "64KiB", "largest HTTP request body"),
    WRITE_BUFFER_LOW("write-buffer-low", "64KiB", "outbound bytes under which a channel is writable again"),
    WRITE_BUFFER_HIGH("write-buffer-high", "1MiB", "outbound bytes over which a channel is unwritable"),
    SLOW_CONSUMER_TIMEOUT("slow-consumer-timeout", "10s", "how long a channel may stay unwritable before it is closed"),
    MAX_PENDING_BYTES("max-pending-bytes", "16MiB", "outbound bytes at which a slow client is closed at once"),
    LOG_FORMAT("log-format", "text", "text | json (one JSON object per line, for log shippers)"),
    DRAIN_LB_DELAY("drain-lb-delay", "5s", "drain: time between readiness going false and the first go_away, for load balancers to notice"),
    DRAIN_SPREAD("drain-spread", "10s", "drain: window over which sessions get go_away in batches and their reconnect delays are spread"),
    DRAIN_TIMEOUT("drain-timeout", "30s", "drain: time from its start after which remaining sessions are closed and the node stops"),
    MAX_FRAME_RATE("max-frame-rate", "20", "inbound WebSocket frames per second per connection; a client over it is closed (4429)"),
    MAX_FRAME_BURST("max-frame-burst", "200", "inbound frames a connection may send at once before max-frame-rate applies"),
    MAX_CONNECTIONS("max-connections", "50000", "WebSocket connections this node holds; more get HTTP 503 (keep under the open-file limit)"),
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip", "0", "WebSocket connections per client address; more get HTTP 503; 0: no limit"),
    TRUSTED_PROXIES("trusted-proxies", "", "load balancer addresses (IPs, comma-separated) whose X-Forwarded-For names the client"),
    ALLOWED_ORIGINS("allowed-origins", "", "browser Origins allowed to open WebSockets (comma-separated, e.g. https://app.example); empty: any"),
    HTTP_IDLE_TIMEOUT("http-idle-timeout", "30s", "how long an HTTP keep-alive connection may take to send its next request"),
    RETRY_AFTER("retry-after", "5s", "Retry-After of the HTTP 503 sent when the node is full or overloaded"),
    OVERLOAD_CHECK_INTERVAL("overload-check-interval", "250ms", "how often event-loop lag, memory and outbound bytes are measured"),
    OVERLOAD_LOOP_LAG("overload-loop-lag", "2s", "event-loop lag that marks the node overloaded"),
    OVERLOAD_MEMORY("overload-memory", "90", "percent of max heap (after GC) or direct memory in use that marks the node overloaded"),
    OVERLOAD_PENDING_BYTES("overload-pending-bytes", "1GiB", "outbound bytes queued on all connections that mark the node overloaded"),
    OVERLOAD_FRAME_RATE("overload-frame-rate", "2", "max-frame-rate while the node is overloaded");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final boolean secret;

    Setting(String key, String defaultValue, String description) {
        this(key, defaultValue, description, false);
    }

    Setting(String key, String defaultValue, String description, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    /** A true/false setting: its flag may stand alone ({@code --demo} means {@code --demo true}). */
    public boolean isSwitch() {
        return defaultValue.equals("false") || defaultValue.equals("true");
    }

    public String envName() {
        return "ROLLCALL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public static Setting forKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        return null;
    }
}
