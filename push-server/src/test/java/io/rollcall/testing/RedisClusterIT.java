package io.rollcall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisClusterIT {
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
        System.out.println("RedisCluster " + cluster.seeds() + " ready in " + cluster.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void every_node_is_a_master_and_reports_cluster_state_ok() {
        assertThat(cluster.seeds()).hasSize(3).doesNotHaveDuplicates().allMatch(seed -> seed.startsWith("127.0.0.1:"));
        assertThat(cluster.uris()).containsExactlyElementsOf(cluster.seeds().stream().map(seed -> "redis://" + seed).toList());
        for (int port : cluster.ports()) {
            assertThat(cluster.cli(port, "CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_size:3");
            assertThat(cluster.cli(port, "ROLE")).startsWith("master");
        }
        assertThat(cluster.startupTime()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void keys_with_the_same_hash_tag_map_to_one_slot_and_one_node() {
        int port = cluster.ports().get(0);

        String stateSlot = cluster.cli(port, "CLUSTER", "KEYSLOT", "rc:{wedding-1}:state");
        String historySlot = cluster.cli(port, "CLUSTER", "KEYSLOT", "rc:{wedding-1}:history");

        assertThat(stateSlot).isEqualTo(historySlot);
        assertThat(cluster.nodeForKey("rc:{wedding-1}:state")).isSameAs(cluster.nodeForKey("rc:{wedding-1}:history"));
    }

    @Test
    void every_node_serves_a_share_of_the_keys_and_cli_follows_redirects() {
        Set<RedisServer> owners = new HashSet<>();
        List<Integer> ports = cluster.ports();
        for (int i = 0; i < 30; i++) {
            String key = "{event-" + i + "}:state";
            owners.add(cluster.nodeForKey(key));
            assertThat(cluster.cli(ports.get(i % 3), "SET", key, "v" + i)).isEqualTo("OK");
            assertThat(cluster.cli(ports.get((i + 1) % 3), "GET", key)).isEqualTo("v" + i);
            assertThat(cluster.nodeForKey(key).cli("GET", key)).as("stored on its own node").isEqualTo("v" + i);
        }
        assertThat(owners).containsExactlyInAnyOrderElementsOf(cluster.nodes());
    }
}
