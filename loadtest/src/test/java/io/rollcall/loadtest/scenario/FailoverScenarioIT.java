package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.Setting;
import io.rollcall.loadtest.publish.PublishVia;
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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverScenarioIT {
    private RedisServer redis;
    private TestServer first;
    private TestServer second;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void startTwoNodesOnOneRedis() throws Exception {
        redis = RedisServer.start();
        String prefix = "it-" + UUID.randomUUID() + ":";
        first = node("node-a", prefix);
        second = node("node-b", prefix);
    }

    private TestServer node(String id, String prefix) throws Exception {
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

    @Test
    void clientsOfAStoppedNodeResumeOnTheOtherWithoutLoss() throws Exception {
        CompletableFuture<Duration> gone = new CompletableFuture<>();
        Failover stopFirst = new Failover(Duration.ofMillis(800), "stop node a", () -> {
            try {
                first.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            gone.complete(Duration.ZERO);
        }, gone);

        FanOutResult result = new FanOutScenario(plan(stopFirst, Duration.ofSeconds(10)), console()).run();

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        // Half the clients were on node a: each lost its connection once and resumed from its position on node b.
        assertThat(result.reconnects().started()).isEqualTo(10);
        assertThat(result.reconnects().resumed()).isEqualTo(10);
        assertThat(result.reconnects().viewResets()).isZero();
        assertThat(result.reconnects().times().getTotalCount()).isEqualTo(10);
        assertThat(result.reconnects().failedNode().stillRunning()).isFalse();
        assertThat(result.deliveries().received()).isEqualTo(20L * 40);
        FanOutReport.printSummary(result, console());
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("failover: stop node a").contains("the failed node exited 0.0 s after");
    }

    @Test
    void aFailedNodeThatOutlastsTheRunFailsIt() throws Exception {
        // The "failure" leaves node a serving its clients, as a drain longer than the run would.
        Failover neverGone = new Failover(Duration.ofMillis(800), "nothing", () -> { }, new CompletableFuture<>());

        FanOutResult result = new FanOutScenario(plan(neverGone, Duration.ofSeconds(1)), console()).run();

        assertThat(result.reconnects().failedNode().stillRunning()).isTrue();
        assertThat(result.failures()).anySatisfy(failure -> assertThat(failure).contains("failed node was still running"));
        assertThat(result.drainTimedOut()).isTrue();
    }

    private FanOutPlan plan(Failover failover, Duration drainTimeout) {
        URI a = first.wsUri();
        URI b = second.wsUri();
        return new FanOutPlan("failover", List.of(a, b), Wire.PLAIN_PROTO, URI.create("http://127.0.0.1:" + b.getPort()), Tokens.SECRET,
                EventSpread.single("it-failover"), 20, 500, 1000, Duration.ofSeconds(20), Duration.ofSeconds(10), 20, Duration.ZERO,
                Duration.ofSeconds(2), drainTimeout, 1, 10, 0, 2, Transport.select(Transport.Kind.AUTO), List.of(), null, 0,
                failover, PublishVia.http());
    }

    private PrintStream console() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }
}
