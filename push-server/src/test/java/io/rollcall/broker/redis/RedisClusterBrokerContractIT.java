package io.rollcall.broker.redis;

import io.lettuce.core.RedisURI;
import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerContract;
import io.rollcall.testing.RedisCluster;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract against a real 3-primary Redis Cluster (sharded pub/sub, hash-tagged keys). */
class RedisClusterBrokerContractIT extends BrokerContract {
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected Broker newBroker(int historySize) {
        return RedisBroker.cluster(cluster.uris().stream().map(RedisURI::create).toList(), historySize, "t" + UUID.randomUUID() + ":");
    }
}
