package io.rollcall.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rollcall.config.Setting;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one real Redis: identical sequences everywhere, resume across nodes, pub/sub loss, Redis restarts. */
class RedisNodesIT {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static RedisServer redis;
    private static RedisClient publisherClient;

    private final String prefix = "it" + TESTS.incrementAndGet() + ":";

    @RegisterExtension
    final TestServer nodeA = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, prefix)
            .with(Setting.NODE_ID, "node-a").with(Setting.HISTORY_SIZE, "1000");

    @RegisterExtension
    final TestServer nodeB = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, prefix)
            .with(Setting.NODE_ID, "node-b").with(Setting.HISTORY_SIZE, "1000");

    private StatefulRedisConnection<String, String> publisher;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        publisherClient = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        publisherClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsTestClient::close);
        if (publisher != null) {
            publisher.close();
        }
    }

    /** Another service publishing straight into Redis, pipelined. */
    private void fcallPublish(String eventId, int from, int count) throws Exception {
        if (publisher == null || !publisher.isOpen()) {
            publisher = publisherClient.connect();
        }
        List<RedisFuture<Object>> replies = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            replies.add(publisher.async().fcall("rollcall_publish", ScriptOutputType.MULTI, new String[] {prefix + "{" + eventId + "}"},
                    "{\"guestId\":\"g" + (i % 700) + "\",\"status\":\"" + (i % 2 == 0 ? "ATTENDING" : "CHECKED_IN") + "\",\"pax\":2}"));
        }
        for (RedisFuture<Object> reply : replies) {
            reply.get(10, TimeUnit.SECONDS);
        }
    }

    private WsTestClient watcher(TestServer node, String eventId, boolean countOnly) throws Exception {
        WsTestClient client = WsTestClient.open(node.wsUri(), "rollcall.v1.proto", countOnly).get(10, TimeUnit.SECONDS);
        clients.add(client);
        client.authenticate(Tokens.watch("host", eventId));
        client.subscribe(eventId, "", 0);
        assertThat(client.next().hasSubscribed()).isTrue();
        assertThat(client.next().getSnapshot().getLastPage()).isTrue();
        return client;
    }

    @Test
    void clients_on_both_nodes_receive_identical_sequences_of_ten_thousand_updates_from_redis_and_http() throws Exception {
        List<WsTestClient> watchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            watchers.add(watcher(i % 2 == 0 ? nodeA : nodeB, "summit", true));
        }
        String token = Tokens.publish("usher", "summit");
        for (int round = 0; round < 10; round++) {
            fcallPublish("summit", round * 1000, 800);
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> a = nodeA.publish(token, "summit", "{\"guestId\":\"a" + i + "\",\"status\":\"MAYBE\"}");
                HttpResponse<String> b = nodeB.publish(token, "summit", "{\"guestId\":\"b" + i + "\",\"status\":\"DECLINED\"}");
                assertThat(a.statusCode()).isEqualTo(200);
                assertThat(b.statusCode()).isEqualTo(200);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> watchers.stream().allMatch(w -> w.updates.get() >= 10_000));
        for (WsTestClient w : watchers) {
            assertThat(w.updates.get()).isEqualTo(10_000);
            assertThat(w.orderViolations.get()).isZero();
            assertThat(w.lastSeq()).isEqualTo(10_000);
            assertThat(w.digest()).isEqualTo(watchers.get(0).digest());
        }
    }

    @Test
    void a_client_that_left_node_a_resumes_on_node_b_with_exactly_the_missed_updates() throws Exception {
        WsTestClient first = watcher(nodeA, "gala", false);
        fcallPublish("gala", 0, 20);
        ServerFrame last = null;
        for (int i = 0; i < 20; i++) {
            last = first.next();
        }
        first.close();
        String epoch = last.getUpdate().getEpoch();
        assertThat(last.getUpdate().getSeq()).isEqualTo(20);

        fcallPublish("gala", 20, 500);
        WsTestClient resumed = WsTestClient.connect(nodeB.wsUri(), "rollcall.v1.json");
        clients.add(resumed);
        resumed.authenticate(Tokens.watch("host", "gala"));
        resumed.subscribe("gala", epoch, 20);
        ServerFrame subscribed = resumed.next();
        assertThat(subscribed.getSubscribed().getRecovered()).isTrue();
        assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(520);
        for (long seq = 21; seq <= 520; seq++) {
            assertThat(resumed.next().getUpdate().getSeq()).isEqualTo(seq);
        }
        fcallPublish("gala", 520, 1);
        assertThat(resumed.next().getUpdate().getSeq()).isEqualTo(521);
        assertThat(resumed.frames).isEmpty();
    }

    @Test
    void killing_the_nodes_pubsub_connections_mid_stream_loses_no_update() throws Exception {
        List<WsTestClient> watchers = List.of(watcher(nodeA, "stream", true), watcher(nodeB, "stream", true));
        fcallPublish("stream", 0, 1000);
        assertThat(redis.cli("CLIENT", "KILL", "TYPE", "pubsub")).isNotBlank();
        fcallPublish("stream", 1000, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> watchers.stream().allMatch(w -> w.updates.get() >= 2000));
        for (WsTestClient w : watchers) {
            assertThat(w.updates.get()).isEqualTo(2000);
            assertThat(w.orderViolations.get()).isZero();
        }
    }

    @Test
    void after_redis_restarts_without_persistence_subscribers_get_a_new_epoch_and_a_snapshot() throws Exception {
        WsTestClient client = watcher(nodeA, "party", false);
        fcallPublish("party", 0, 3);
        String oldEpoch = null;
        for (int i = 0; i < 3; i++) {
            oldEpoch = client.next().getUpdate().getEpoch();
        }
        redis.restart();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            fcallPublish("party", 100, 1);
            return true;
        });
        fcallPublish("party", 200, 2);
        String newEpoch = redis.cli("HGET", prefix + "{party}:meta", "epoch");
        long newSeq = Long.parseLong(redis.cli("HGET", prefix + "{party}:meta", "seq"));
        assertThat(newEpoch).isNotEqualTo(oldEpoch);

        // Act as a correct client (docs/protocol.md §5): an unprompted subscribed{recovered=false} plus a
        // snapshot resets the view; updates must then follow it without gap or repeat.
        String epoch = oldEpoch;
        long position = 3;
        boolean reset = false;
        while (!(epoch.equals(newEpoch) && position == newSeq)) {
            ServerFrame frame = client.next();
            if (frame.hasSubscribed()) {
                assertThat(frame.getSubscribed().getRecovered()).isFalse();
                ServerFrame snapshot = client.next();
                assertThat(snapshot.getSnapshot().getEpoch()).isNotEqualTo(oldEpoch);
                epoch = snapshot.getSnapshot().getEpoch();
                position = snapshot.getSnapshot().getSeq();
                reset = true;
            } else {
                assertThat(frame.hasUpdate()).as(frame.toString()).isTrue();
                assertThat(reset).as("no update of the new history before the reset").isTrue();
                assertThat(frame.getUpdate().getSeq()).isEqualTo(position + 1);
                assertThat(epoch.equals(frame.getUpdate().getEpoch()) || (epoch.isEmpty() && position == 0)).isTrue();
                epoch = frame.getUpdate().getEpoch();
                position = frame.getUpdate().getSeq();
            }
        }
        assertThat(client.frames).isEmpty();
    }
}
