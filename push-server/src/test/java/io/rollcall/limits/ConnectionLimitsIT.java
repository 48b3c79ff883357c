package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.testing.RawHttp;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gates before the upgrade, seen from real sockets: per-address and per-node connection limits
 * (503 with Retry-After), allowed Origins (403), trusted proxies, and the HTTP keep-alive idle
 * timeout.
 */
class ConnectionLimitsIT {
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestServer server;

    private void start(TestServer configured) throws Exception {
        server = configured;
        server.start();
    }

    private RawHttp from(String source) throws Exception {
        RawHttp client = RawHttp.connect(source, server.server().port());
        open.add(client);
        return client;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : open) {
            client.close();
        }
        server.stop();
    }

    private String metrics() throws Exception {
        return server.get(server.adminUri("/metrics"), null).body();
    }

    @Test
    void an_address_at_its_limit_gets_503_with_retry_after_while_other_addresses_connect() throws Exception {
        start(new TestServer().with(Setting.MAX_CONNECTIONS_PER_IP, "2").with(Setting.RETRY_AFTER, "7s"));
        RawHttp first = from("127.0.0.2");
        assertThat(first.upgrade().status()).isEqualTo(101);
        assertThat(from("127.0.0.2").upgrade().status()).isEqualTo(101);
        RawHttp.Head refused = from("127.0.0.2").upgrade();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers()).containsEntry("retry-after", "7");
        assertThat(from("127.0.0.3").upgrade().status()).isEqualTo(101);
        assertThat(metrics()).contains("rollcall_handshakes_rejected_total{reason=\"address_full\"} 1.0");

        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> from("127.0.0.2").upgrade().status() == 101);
    }

    @Test
    void a_node_at_its_limit_gets_503_until_a_connection_closes() throws Exception {
        start(new TestServer().with(Setting.MAX_CONNECTIONS, "3"));
        List<WsTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto");
            open.add(client);
            client.authenticate(Tokens.watch("host-" + i, "gala"));
            clients.add(client);
        }
        RawHttp.Head refused = from("127.0.0.4").upgrade();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(metrics()).contains("rollcall_handshakes_rejected_total{reason=\"node_full\"} 1.0");
        HttpResponse<String> readiness = server.get(server.adminUri("/readyz"), null);
        assertThat(readiness.statusCode()).as("a full node tells the load balancer").isEqualTo(503);
        assertThat(readiness.body()).contains("at connection limit");

        clients.get(0).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> from("127.0.0.4").upgrade().status() == 101);
        clients.get(1).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.get(server.adminUri("/readyz"), null).statusCode() == 200);
    }

    @Test
    void a_page_from_an_origin_not_allowed_gets_403_while_allowed_pages_and_apps_connect() throws Exception {
        start(new TestServer().with(Setting.ALLOWED_ORIGINS, "https://app.example"));
        assertThat(from("127.0.0.1").upgrade("Origin: https://evil.example").status()).isEqualTo(403);
        assertThat(from("127.0.0.1").upgrade("Origin: https://app.example").status()).isEqualTo(101);
        assertThat(from("127.0.0.1").upgrade().status()).as("no Origin: not a browser").isEqualTo(101);
        assertThat(metrics()).contains("rollcall_handshakes_rejected_total{reason=\"origin_refused\"} 1.0");
    }

    @Test
    void behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() throws Exception {
        start(new TestServer().with(Setting.MAX_CONNECTIONS_PER_IP, "1").with(Setting.TRUSTED_PROXIES, "127.0.0.1"));
        assertThat(from("127.0.0.1").upgrade("X-Forwarded-For: 198.51.100.1").status()).isEqualTo(101);
        assertThat(from("127.0.0.1").upgrade("X-Forwarded-For: 198.51.100.2").status()).isEqualTo(101);
        assertThat(from("127.0.0.1").upgrade("X-Forwarded-For: 198.51.100.1").status()).isEqualTo(503);
        assertThat(from("127.0.0.5").upgrade("X-Forwarded-For: 198.51.100.3").status()).as("untrusted peer: counted itself")
                .isEqualTo(101);
        assertThat(from("127.0.0.5").upgrade("X-Forwarded-For: 198.51.100.4").status()).isEqualTo(503);
    }

    @Test
    void an_idle_keep_alive_http_connection_is_closed_after_the_idle_timeout() throws Exception {
        start(new TestServer().with(Setting.HTTP_IDLE_TIMEOUT, "500ms"));
        RawHttp client = from("127.0.0.1");
        client.send("GET /api/v1/events/gala/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawHttp.Head head = client.readHead();
        assertThat(head.status()).isEqualTo(401);
        assertThat(head.headers()).doesNotContainEntry("connection", "close");
        client.skip(Integer.parseInt(head.headers().get("content-length")));
        await().atMost(Duration.ofSeconds(10)).until(client::closedByServer);
        assertThat(metrics()).contains("rollcall_http_idle_closed_total 1.0");
    }
}
