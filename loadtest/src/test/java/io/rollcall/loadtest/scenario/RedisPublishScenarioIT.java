package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.config.Setting;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.publish.PublishVia;
import io.rollcall.loadtest.publish.RedisPublisher;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out scenarios publishing with FCALL straight into a real Redis that two real nodes share. */
class RedisPublishScenarioIT {
    private RedisServer redis;
    private String prefix;
    private TestServer first;
    private TestServer second;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void startTwoNodesOnOneRedis() throws Exception {
        redis = RedisServer.start();
        prefix = "it-" + UUID.randomUUID() + ":";
        first = node("node-a");
        second = node("node-b");
    }

    private TestServer node(String id) throws Exception {
        TestServer node = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, prefix).with(Setting.NODE_ID, id);
        node.start();
        return node;
    }

    @AfterEach
    void stopAll() throws Exception {
        second.stop();
        first.stop();
        redis.close();
    }

    private FanOutResult run(String scenario, EventSpread events, List<URI> urls, int clients, double rate) throws Exception {
        FanOutPlan plan = new FanOutPlan(scenario, urls, Wire.PLAIN_PROTO, URI.create("http://127.0.0.1:" + urls.get(0).getPort()), Tokens.SECRET, events,
                clients, 500, 1000, Duration.ofSeconds(20), Duration.ofSeconds(10), rate, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 2, 10, 0, 2, Transport.select(Transport.Kind.AUTO), List.of(), null, 0, null,
                PublishVia.redis(URI.create(redis.uri()), prefix));
        return new FanOutScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void broadcastPublishedIntoRedisReachesEveryClientOnBothNodesInOrder(@TempDir Path dir) throws Exception {
        FanOutResult result = run("broadcast", EventSpread.single("it-redis"), List.of(first.wsUri(), second.wsUri()), 20, 50);

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.publish().accepted()).isEqualTo(65);
        assertThat(result.publish().failed()).isZero();
        // The seqs Redis replied with are 1..65: the ledger timed every delivery from its publish.
        assertThat(result.publish().finalSeq()).isEqualTo(65);
        assertThat(result.publish().latency().getTotalCount()).isEqualTo(65);
        assertThat(result.deliveries().received()).isEqualTo(20L * 65);
        assertThat(result.latency().getTotalCount()).isEqualTo(20L * 50);
        assertThat(result.checks().lost() + result.checks().duplicates() + result.checks().outOfOrder()).isZero();
        FanOutReport.write(result, OutputOptions.reportDir(dir));
        assertThat(dir.resolve("result.json")).content().contains("\"publishVia\": \"redis\"", "\"passed\": true");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("publishing via Redis FCALL rollcall_publish at " + redis.uri());
    }

    @Test
    void roomsPublishedIntoRedisReachOnlyTheirOwnWatchers() throws Exception {
        // Clients on node b only: every update crosses from Redis to the node that did not see the FCALL.
        EventSpread rooms = new EventSpread("it-redis-room", 6, EventSpread.Distribution.ZIPF, 1.0, 7);
        FanOutResult result = run("rooms", rooms, List.of(second.wsUri()), 30, 60);

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.publish().accepted()).isEqualTo(78);
        // Publish i goes to event i mod 6: 13 updates per event, seq 1..13 in each.
        assertThat(result.publish().finalSeq()).isEqualTo(6 * 13);
        assertThat(result.deliveries().received()).isEqualTo(30L * 13);
    }

    @Test
    void countsRefusedPublishesAsFailures() throws Exception {
        // An event id the function does not accept: it refuses every update and nothing is stored.
        RedisPublisher publisher = new RedisPublisher(new RedisPublisher.Spec(URI.create(redis.uri()), prefix, List.of("bad.id"), 1, 10, 0,
                3));
        try {
            publisher.start(Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                publisher.publish(i, System.nanoTime());
            }
            assertThat(publisher.awaitResponses(System.nanoTime() + Duration.ofSeconds(10).toNanos())).isTrue();
        } finally {
            publisher.close();
        }
        assertThat(publisher.failed()).isEqualTo(3);
        assertThat(publisher.accepted()).isZero();
        assertThat(publisher.problems().keySet()).singleElement().asString().contains("ERR rollcall: key: expected <prefix>{<eventId>}");
        assertThat(publisher.ledgers()[0].unacceptedIntended()).hasSize(3);
    }

    @Test
    void refusesToStartOnARedisWithoutTheFunctionLibrary() throws Exception {
        try (RedisServer empty = RedisServer.start()) {
            RedisPublisher publisher = new RedisPublisher(new RedisPublisher.Spec(URI.create(empty.uri()), prefix, List.of("ev"), 2, 10, 0, 1));
            try {
                assertThatThrownBy(() -> publisher.start(Duration.ofSeconds(10))).hasMessageContaining("no rollcall function library in "
                        + empty.uri());
            } finally {
                publisher.close();
            }
        }
    }
}
