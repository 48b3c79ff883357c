package io.rollcall.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.testing.RedisCluster;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An event's hash slot moves to another shard while clients watch it: nothing is lost. */
class RedisClusterReshardIT {
    private static final String PREFIX = "reshard:";
    private static final String EVENT = "moving-gala";
    private static final String KEY = PREFIX + "{" + EVENT + "}";
    private static RedisCluster cluster;

    @RegisterExtension
    final TestServer node = new TestServer().with(Setting.REDIS_CLUSTER, String.join(",", cluster.seeds()))
            .with(Setting.REDIS_KEY_PREFIX, PREFIX);

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private void publish(int from, int count) {
        int anyPort = cluster.ports().get(0);
        for (int i = from; i < from + count; i++) {
            String reply = cluster.cli(anyPort, "FCALL", "rollcall_publish", "1", KEY, "{\"guestId\":\"g" + i + "\",\"status\":\"CHECKED_IN\"}");
            assertThat(reply).doesNotStartWith("ERR");
        }
    }

    @Test
    void moving_the_events_slot_to_another_shard_loses_no_update() throws Exception {
        try (WsTestClient client = WsTestClient.open(node.wsUri(), "rollcall.v1.proto", true).get(10, TimeUnit.SECONDS)) {
            client.authenticate(Tokens.watch("host", EVENT));
            client.subscribe(EVENT, "", 0);
            assertThat(client.next().hasSubscribed()).isTrue();
            assertThat(client.next().hasSnapshot()).isTrue();
            publish(0, 50);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.updates.get() == 50);

            moveSlotOf(KEY);
            publish(50, 50);

            await().atMost(Duration.ofSeconds(30)).until(() -> client.updates.get() >= 100);
            assertThat(client.updates.get()).isEqualTo(100);
            assertThat(client.orderViolations.get()).isZero();
        }
    }

    /** Migrates the key's slot, with its keys, from its owner to another primary (what a reshard does). */
    private static void moveSlotOf(String key) {
        RedisServer source = cluster.nodeForKey(key);
        RedisServer target = cluster.nodes().stream().filter(n -> n != source).findFirst().orElseThrow();
        String slot = source.cli("CLUSTER", "KEYSLOT", key).trim();
        String sourceId = source.cli("CLUSTER", "MYID").trim();
        String targetId = target.cli("CLUSTER", "MYID").trim();
        assertThat(target.cli("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId)).isEqualTo("OK");
        assertThat(source.cli("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId)).isEqualTo("OK");
        List<String> keys = List.of(source.cli("CLUSTER", "GETKEYSINSLOT", slot, "100").split("\n"));
        for (String k : keys) {
            if (!k.isBlank()) {
                assertThat(source.cli("MIGRATE", RedisServer.HOST, String.valueOf(target.port()), k, "0", "5000")).isEqualTo("OK");
            }
        }
        for (RedisServer n : cluster.nodes()) {
            assertThat(n.cli("CLUSTER", "SETSLOT", slot, "NODE", targetId)).isEqualTo("OK");
        }
        assertThat(cluster.nodeForKey(key).port()).isEqualTo(target.port());
    }
}
