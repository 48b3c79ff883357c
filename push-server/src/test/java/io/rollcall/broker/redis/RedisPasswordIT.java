package io.rollcall.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.config.Setting;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisPasswordIT {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.builder().password("s3cretPassw0rd").start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void a_node_with_the_redis_password_serves_publishes() throws Exception {
        TestServer node = new TestServer().with(Setting.REDIS, "redis://127.0.0.1:" + redis.port())
                .with(Setting.REDIS_PASSWORD, "s3cretPassw0rd");
        node.start();
        try {
            assertThat(node.publish(Tokens.publish("usher", "e"), "e", "{\"guestId\":\"g\",\"status\":\"MAYBE\"}").statusCode())
                    .isEqualTo(200);
        } finally {
            node.stop();
        }
    }

    private static String stackTrace(Throwable error) {
        java.io.StringWriter out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void a_node_with_a_wrong_password_does_not_start() {
        TestServer node = new TestServer().with(Setting.REDIS, "redis://127.0.0.1:" + redis.port())
                .with(Setting.REDIS_PASSWORD, "wrong");
        // Lettuce usually reports Redis's WRONGPASS; when its handshake failure races the channel
        // close it reports that its handshake handler is gone instead. Either way the node refuses to start.
        assertThatThrownBy(node::start).satisfies(error -> assertThat(stackTrace(error))
                .containsAnyOf("WRONGPASS", "RedisHandshakeHandler not registered"));
    }
}
