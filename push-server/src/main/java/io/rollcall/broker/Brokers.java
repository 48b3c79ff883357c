package io.rollcall.broker;

import io.lettuce.core.RedisURI;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.broker.redis.RedisBroker;
import io.rollcall.config.ServerConfig;
import java.time.Clock;
import java.util.List;

/** Chooses the broker the configuration asks for. Thread-safe. */
public final class Brokers {
    private Brokers() {}

    public static Broker fromConfig(ServerConfig config) {
        ServerConfig.Redis redis = config.redis();
        int history = config.delivery().historySize();
        if (!redis.uri().isEmpty()) {
            return RedisBroker.standalone(withPassword(RedisURI.create(redis.uri()), redis), history, redis.keyPrefix());
        }
        if (!redis.clusterSeeds().isEmpty()) {
            List<RedisURI> seeds = redis.clusterSeeds().stream()
                    .map(seed -> withPassword(RedisURI.create((redis.tls() ? "rediss://" : "redis://") + seed), redis))
                    .toList();
            return RedisBroker.cluster(seeds, history, redis.keyPrefix());
        }
        return new MemoryBroker(history, Clock.systemUTC());
    }

    private static RedisURI withPassword(RedisURI uri, ServerConfig.Redis redis) {
        if (!redis.password().isEmpty()) {
            uri.setCredentialsProvider(new io.lettuce.core.StaticCredentialsProvider(null, redis.password().toCharArray()));
        }
        return uri;
    }

    /** For the start-up log: which broker, without credentials. */
    public static String describe(ServerConfig config) {
        ServerConfig.Redis redis = config.redis();
        if (!redis.uri().isEmpty()) {
            RedisURI uri = RedisURI.create(redis.uri());
            return "Redis " + uri.getHost() + ":" + uri.getPort();
        }
        if (!redis.clusterSeeds().isEmpty()) {
            return "Redis Cluster " + String.join(",", redis.clusterSeeds());
        }
        return "embedded (single node, in memory)";
    }
}
