package io.rollcall.loadtest.publish;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Which way the updates are published: the nodes' HTTP API, or straight into Redis with
 * {@code FCALL rollcall_publish} (as a backend service would, docs/publishing.md), to the
 * {@code redis} server whose nodes use {@code keyPrefix}. Immutable.
 */
public record PublishVia(Kind kind, URI redis, String keyPrefix) {
    /** The nodes' default {@code --redis-key-prefix}. */
    public static final String DEFAULT_KEY_PREFIX = "rollcall:";

    /** The publish path. */
    public enum Kind { HTTP, REDIS }

    public PublishVia {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.REDIS) {
            Objects.requireNonNull(redis, "redis");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
        }
    }

    /** Through the first node's HTTP API. */
    public static PublishVia http() {
        return new PublishVia(Kind.HTTP, null, null);
    }

    /** Through {@code FCALL rollcall_publish} on the Redis at {@code uri}. */
    public static PublishVia redis(URI uri, String keyPrefix) {
        return new PublishVia(Kind.REDIS, uri, keyPrefix);
    }

    /** The name used in reports: {@code http} or {@code redis}. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A line for the console and the HTML report. */
    public String describe() {
        return kind == Kind.HTTP ? "HTTP POST /api/v1/events/{id}/attendance"
                : "Redis FCALL rollcall_publish at " + redis + " (key prefix " + keyPrefix + ")";
    }
}
