package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.client.RollcallClientIT.Recorder;
import io.rollcall.config.Setting;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against real nodes on one real Redis, through a TCP proxy that can move to the other
 * node or silently swallow traffic: resume across nodes, dead-link detection, token refresh.
 */
class ClientResilienceIT {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static RedisServer redis;

    private final String prefix = "client" + TESTS.incrementAndGet() + ":";

    @RegisterExtension
    final TestServer nodeA = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, prefix)
            .with(Setting.NODE_ID, "node-a").with(Setting.HEARTBEAT_INTERVAL, "1s").with(Setting.JWT_LEEWAY, "0s");

    @RegisterExtension
    final TestServer nodeB = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, prefix)
            .with(Setting.NODE_ID, "node-b").with(Setting.HEARTBEAT_INTERVAL, "1s");

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RollcallClient.Builder client(TcpProxy proxy, String eventId) {
        return RollcallClient.builder().uri(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"))
                .tokens(() -> Tokens.watch("host", eventId)).backoff(Duration.ofMillis(10), Duration.ofMillis(300));
    }

    private static void publish(TestServer node, String eventId, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            node.checkIn(eventId, prefix + i);
        }
    }

    @Test
    void the_client_resumes_on_another_node_from_its_position_without_a_new_snapshot() throws Exception {
        Recorder recorder = new Recorder();
        try (TcpProxy proxy = new TcpProxy(nodeA.server().port());
                RollcallClient client = client(proxy, "gala").build()) {
            client.subscribe("gala", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(DEADLINE).until(() -> recorder.snapshots.get() == 1);
            publish(nodeA, "gala", "a", 5);
            await().atMost(DEADLINE).until(() -> recorder.seqs.size() == 6);

            proxy.retarget(nodeB.server().port());
            proxy.dropCurrentConnections();
            publish(nodeB, "gala", "outage", 20);
            await().atMost(DEADLINE).until(() -> client.sessions() == 2);
            publish(nodeB, "gala", "b", 5);

            await().atMost(DEADLINE).until(() -> recorder.seqs.size() == 31);
            assertThat(recorder.seqs).isEqualTo(LongStream.rangeClosed(0, 30).boxed().toList());
            assertThat(recorder.snapshots.get()).as("resumed from history on node B").isEqualTo(1);
        }
    }

    @Test
    void a_link_that_goes_silent_is_dropped_after_two_heartbeat_intervals_and_nothing_is_lost() throws Exception {
        Recorder recorder = new Recorder();
        try (TcpProxy proxy = new TcpProxy(nodeA.server().port());
                RollcallClient client = client(proxy, "gala").build()) {
            client.subscribe("gala", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(DEADLINE).until(() -> recorder.snapshots.get() == 1);
            publish(nodeA, "gala", "before", 5);
            await().atMost(DEADLINE).until(() -> recorder.seqs.size() == 6);

            proxy.blackholeCurrentConnections();
            publish(nodeA, "gala", "swallowed", 5);
            await().atMost(DEADLINE).until(() -> client.sessions() == 2);
            publish(nodeA, "gala", "after", 5);

            await().atMost(DEADLINE).until(() -> recorder.seqs.size() == 16);
            assertThat(recorder.seqs).isEqualTo(LongStream.rangeClosed(0, 15).boxed().toList());
            assertThat(recorder.snapshots.get()).isEqualTo(1);
        }
    }

    @Test
    void a_quiet_but_healthy_link_is_kept_open_across_many_heartbeats() throws Exception {
        Recorder recorder = new Recorder();
        try (TcpProxy proxy = new TcpProxy(nodeA.server().port());
                RollcallClient client = client(proxy, "gala").build()) {
            client.subscribe("gala", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            Instant quietUntil = Instant.now().plusSeconds(5);
            // Five heartbeat intervals with no update: only the server's pings (and the pongs) cross the link.
            await().atMost(DEADLINE).until(() -> Instant.now().isAfter(quietUntil));
            assertThat(client.sessions()).isEqualTo(1);
        }
    }

    @Test
    void a_short_lived_token_is_refreshed_in_band_and_the_session_outlives_it() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        // Short enough to expire during the test, long enough that a third of it (the refresh margin) survives a busy machine.
        Duration lifetime = Duration.ofSeconds(6);
        Instant firstExpiry = Instant.now().plus(lifetime);
        Recorder recorder = new Recorder();
        try (TcpProxy proxy = new TcpProxy(nodeA.server().port());
                RollcallClient client = client(proxy, "gala").tokens(() -> {
                    Instant expiry = issued.getAndIncrement() == 0 ? firstExpiry : Instant.now().plus(lifetime);
                    return Tokens.sign(Tokens.SECRET, "host", List.of("gala"), null, expiry);
                }).build()) {
            client.subscribe("gala", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(DEADLINE).until(() -> Instant.now().isAfter(firstExpiry.plusSeconds(2)) && client.refreshes() >= 2);
            publish(nodeA, "gala", "late", 1);

            await().atMost(DEADLINE).until(() -> recorder.seqs.size() == 2);
            assertThat(client.sessions()).as("one session throughout: the server accepted each refresh").isEqualTo(1);
        }
    }
}
