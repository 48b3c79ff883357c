package io.rollcall.client.failover;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Publishes attendance updates the way other services do: {@code FCALL rollcall_publish} straight
 * into Redis, so publishing goes on whatever happens to the push nodes. Update number {@code n} of
 * an event names guest {@link Watcher#guestFor(long) g-n}, so the receiver can check it got the
 * right update at each seq. One thread at a time.
 */
final class FcallPublisher implements AutoCloseable {
    private static final String KEY_PREFIX = "rollcall:";

    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> connection;

    FcallPublisher(String redisUri) {
        this.redis = RedisClient.create(redisUri);
        this.connection = redis.connect();
    }

    /** Publishes update {@code n} to every event (pipelined) and waits for Redis to accept all. */
    void publishRound(List<String> eventIds, long n) throws Exception {
        List<RedisFuture<List<Object>>> replies = new ArrayList<>(eventIds.size());
        String json = "{\"guestId\":\"" + Watcher.guestFor(n) + "\",\"status\":\"CHECKED_IN\",\"pax\":1,\"source\":\"failover-it\"}";
        for (String eventId : eventIds) {
            replies.add(connection.async().fcall("rollcall_publish", ScriptOutputType.MULTI,
                    new String[] {KEY_PREFIX + "{" + eventId + "}"}, json));
        }
        for (int i = 0; i < replies.size(); i++) {
            List<Object> reply = replies.get(i).get(10, TimeUnit.SECONDS);
            if (!Long.valueOf(n).equals(reply.get(0))) {
                throw new IllegalStateException("event " + eventIds.get(i) + ": update " + n + " got seq " + reply.get(0));
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        redis.shutdown();
    }
}
