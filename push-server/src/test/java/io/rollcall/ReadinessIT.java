package io.rollcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /readyz follows the Redis link: 503 with a reason while Redis is down, 200 again once it is back. */
class ReadinessIT {
    private static RedisServer redis;

    @RegisterExtension
    final TestServer node = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, "readiness:");

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private HttpResponse<String> readyz() throws Exception {
        return node.get(node.adminUri("/readyz"), null);
    }

    private String metrics() throws Exception {
        return node.get(node.adminUri("/metrics"), null).body();
    }

    @Test
    void readiness_is_lost_while_redis_is_down_and_regained_when_it_returns() throws Exception {
        WsTestClient watcher = WsTestClient.connect(node.wsUri(), "rollcall.v1.proto");
        watcher.authenticate(Tokens.watch("host", "gala"));
        watcher.subscribe("gala", "", 0);
        assertThat(watcher.next().hasSubscribed()).isTrue();
        assertThat(readyz().statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("rollcall_broker_connected 1.0", "rollcall_broker_reconnects_total 0.0");

        redis.stop();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> response = readyz();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"ready\":false,\"reason\":\"broker disconnected\"}");
        });
        assertThat(node.get(node.adminUri("/healthz"), null).statusCode()).as("still alive").isEqualTo(200);
        assertThat(metrics()).contains("rollcall_broker_connected 0.0", "rollcall_ready 0.0");

        redis.restart();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyz().statusCode()).isEqualTo(200));
        assertThat(metrics()).contains("rollcall_broker_connected 1.0").doesNotContain("rollcall_broker_reconnects_total 0.0");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                .as("the watched event's subscription was restored").contains("rollcall_broker_resyncs_total 1.0"));
        assertThat(watcher.isOpen()).as("clients keep their connection through a Redis outage").isTrue();
        watcher.close();
    }
}
