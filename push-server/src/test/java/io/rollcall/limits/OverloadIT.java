package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.testing.RawHttp;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a low, test-configured outbound-bytes mark, a client that stops reading pushes the node
 * into overload: new connections get 503 with Retry-After while connected clients keep every
 * update; when the stalled client goes away the node relaxes and accepts connections again.
 */
class OverloadIT {
    private static final int MAX_UPDATES = 100_000;

    @RegisterExtension
    final TestServer server = new TestServer()
            .with(Setting.OVERLOAD_PENDING_BYTES, "2MiB")
            .with(Setting.OVERLOAD_CHECK_INTERVAL, "50ms")
            .with(Setting.WRITE_BUFFER_LOW, "16KiB")
            .with(Setting.WRITE_BUFFER_HIGH, "64KiB")
            .with(Setting.MAX_PENDING_BYTES, "64MiB")
            .with(Setting.SLOW_CONSUMER_TIMEOUT, "5m")
            .with(Setting.RETRY_AFTER, "3s");

    private boolean overloaded() {
        return server.server().metrics().registry().get("rollcall.overloaded").gauge().value() == 1.0;
    }

    @Test
    void an_overloaded_node_refuses_new_connections_keeps_serving_its_clients_and_recovers() throws Exception {
        try (WsTestClient healthy = WsTestClient.open(server.wsUri(), "rollcall.v1.proto", true).get()) {
            WsTestClient stalled = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto");
            for (WsTestClient client : new WsTestClient[] {stalled, healthy}) {
                client.authenticate(Tokens.watch("host", "gala"));
                client.subscribe("gala", "", 0);
                assertThat(client.next().hasSubscribed()).isTrue();
                assertThat(client.next().hasSnapshot()).isTrue();
            }
            stalled.stopReading();
            String note = "n".repeat(1000);
            int published = 0;
            while (!overloaded() && published < MAX_UPDATES) {
                for (int i = 0; i < 500; i++, published++) {
                    server.broker().publish("gala", AttendanceUpdate.newBuilder().setGuestId("g" + (published % 500)).setNote(note)
                            .setStatus(GuestStatus.CHECKED_IN).build());
                }
                int target = published;
                await().atMost(Duration.ofSeconds(60)).until(() -> healthy.updates.get() == target);
            }
            assertThat(overloaded()).as("overloaded after %d updates", published).isTrue();

            try (RawHttp newcomer = RawHttp.connect("127.0.0.1", server.server().port())) {
                RawHttp.Head refused = newcomer.upgrade();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers()).containsEntry("retry-after", "3");
            }
            assertThat(server.get(server.adminUri("/readyz"), null).body()).as("readiness tells the load balancer").contains("overloaded");
            server.checkIn("gala", "during-overload");
            published++;
            int all = published;
            await().atMost(Duration.ofSeconds(30)).until(() -> healthy.updates.get() == all);
            assertThat(healthy.orderViolations.get()).isZero();
            assertThat(server.get(server.adminUri("/metrics"), null).body())
                    .contains("rollcall_handshakes_rejected_total{reason=\"overloaded\"} 1.0");

            stalled.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !overloaded());
            assertThat(server.get(server.adminUri("/readyz"), null).statusCode()).isEqualTo(200);
            try (WsTestClient newcomer = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
                newcomer.authenticate(Tokens.watch("late", "gala"));
            }
        }
    }
}
