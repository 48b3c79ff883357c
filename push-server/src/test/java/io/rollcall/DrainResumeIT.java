package io.rollcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.Setting;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribed;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rolling deploy in miniature: node A drains while updates flow; its client moves to node B and loses nothing. */
class DrainResumeIT {
    private static final String PROTO = "rollcall.v1.proto";
    private static final String EVENT = "wedding";
    private static RedisServer redis;

    @RegisterExtension
    final TestServer nodeA = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, "drain:")
            .with(Setting.NODE_ID, "node-a").with(Setting.DRAIN_LB_DELAY, "200ms").with(Setting.DRAIN_SPREAD, "1s")
            .with(Setting.DRAIN_TIMEOUT, "10s");

    @RegisterExtension
    final TestServer nodeB = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, "drain:")
            .with(Setting.NODE_ID, "node-b");

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void a_client_told_to_go_away_resumes_on_another_node_with_every_update_exactly_once() throws Exception {
        List<Long> seqs = new ArrayList<>();
        WsTestClient onA = WsTestClient.connect(nodeA.wsUri(), PROTO);
        onA.authenticate(Tokens.watch("host", EVENT));
        onA.subscribe(EVENT, "", 0);
        assertThat(onA.next().hasSubscribed()).isTrue();
        onA.next(); // snapshot

        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Integer> publisher = CompletableFuture.supplyAsync(() -> {
            int published = 0;
            try {
                // Through node B's HTTP API, while A drains: at least 100 updates, and until the client has moved.
                while (published < 100 || publishing.get()) {
                    nodeB.checkIn(EVENT, "g" + published);
                    published++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return published;
        });
        while (seqs.size() < 10) {
            seqs.add(onA.next().getUpdate().getSeq());
        }
        nodeA.server().drain();
        String epoch = "";
        int reconnectAfter = -1;
        while (reconnectAfter < 0) {
            ServerFrame frame = onA.next();
            if (frame.hasGoAway()) {
                reconnectAfter = frame.getGoAway().getReconnectAfterMs();
            } else {
                seqs.add(frame.getUpdate().getSeq());
                epoch = frame.getUpdate().getEpoch();
            }
        }
        assertThat(reconnectAfter).isBetween(0, 999);
        // The client leaves A as a real one would after its delay; frames A wrote before that still count.
        onA.close();
        for (ServerFrame late; (late = onA.frames.poll()) != null; ) {
            if (late.hasUpdate()) {
                seqs.add(late.getUpdate().getSeq());
                epoch = late.getUpdate().getEpoch();
            }
        }

        WsTestClient onB = WsTestClient.connect(nodeB.wsUri(), PROTO);
        onB.authenticate(Tokens.watch("host", EVENT));
        onB.subscribe(EVENT, epoch, seqs.get(seqs.size() - 1));
        Subscribed subscribed = onB.next().getSubscribed();
        assertThat(subscribed.getRecovered()).as("resumed from history, not reset").isTrue();
        publishing.set(false);
        int published = publisher.get(60, TimeUnit.SECONDS);
        while (seqs.get(seqs.size() - 1) < published) {
            seqs.add(onB.next().getUpdate().getSeq());
        }
        onB.close();
        assertThat(seqs).as("every update exactly once, in order").isEqualTo(LongStream.rangeClosed(1, published).boxed().toList());
        nodeA.server().drained().get(20, TimeUnit.SECONDS);
    }
}
