package io.rollcall.broker.redis;

import io.lettuce.core.RedisURI;
import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerContract;
import io.rollcall.testing.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract against one real Redis server. */
class RedisBrokerContractIT extends BrokerContract {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected Broker newBroker(int historySize) {
        return RedisBroker.standalone(RedisURI.create(redis.uri()), historySize, "t" + UUID.randomUUID() + ":");
    }
}
