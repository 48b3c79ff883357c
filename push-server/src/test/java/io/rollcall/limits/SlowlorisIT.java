package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.testing.RawHttp;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections that never finish their HTTP request are closed at the deadline and block no one. */
class SlowlorisIT {
    private static final int SOCKETS = 1000;

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.CONNECT_TIMEOUT, "3s");

    @Test
    void a_thousand_unfinished_handshakes_are_closed_at_the_deadline_while_new_clients_connect() throws Exception {
        List<RawHttp> loris = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                RawHttp socket = RawHttp.connect("127.0.0." + (10 + i % 50), server.server().port());
                loris.add(socket);
                socket.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"); // never the blank line
            }
            try (WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
                client.authenticate(Tokens.watch("host", "gala"));
                client.subscribe("gala", "", 0);
                assertThat(client.next().hasSubscribed()).isTrue();
                await().atMost(Duration.ofSeconds(30)).until(() -> countClosed(loris) == SOCKETS);
            }
            assertThat(server.get(server.adminUri("/metrics"), null).body())
                    .contains("rollcall_connections_closed_total{reason=\"connect_timeout\"} " + SOCKETS + ".0")
                    .doesNotContain("rollcall_handshakes_rejected_total");
        } finally {
            for (RawHttp socket : loris) {
                socket.close();
            }
        }
    }

    private static long countClosed(List<RawHttp> sockets) throws Exception {
        long closed = 0;
        for (RawHttp socket : sockets) {
            if (socket.closedByServer()) {
                closed++;
            }
        }
        return closed;
    }
}
