package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlowConsumerIT {
    private static final int UPDATES = 20_000;

    @RegisterExtension
    final TestServer server = new TestServer()
            .with(Setting.WRITE_BUFFER_LOW, "16KiB")
            .with(Setting.WRITE_BUFFER_HIGH, "64KiB")
            .with(Setting.MAX_PENDING_BYTES, "1MiB")
            // The stalled client hits max-pending-bytes within the burst; a timeout above CPU-starvation
            // pauses keeps the healthy client from being closed on a loaded machine.
            .with(Setting.SLOW_CONSUMER_TIMEOUT, "3s");

    @Test
    void a_client_that_stops_reading_is_closed_while_the_others_get_every_update() throws Exception {
        try (WsTestClient stalled = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto");
                WsTestClient healthy = WsTestClient.open(server.wsUri(), "rollcall.v1.proto", true).get()) {
            for (WsTestClient client : new WsTestClient[] {stalled, healthy}) {
                client.authenticate(Tokens.watch("host", "gala"));
                client.subscribe("gala", "", 0);
                assertThat(client.next().hasSubscribed()).isTrue();
                assertThat(client.next().hasSnapshot()).isTrue();
            }
            stalled.stopReading();
            String note = "n".repeat(400);
            double mostQueued = 0;
            for (int i = 0; i < UPDATES; i++) {
                server.broker().publish("gala", AttendanceUpdate.newBuilder().setGuestId("g" + (i % 500)).setNote(note)
                        .setStatus(GuestStatus.CHECKED_IN).build());
                if (i % 100 == 0) {
                    mostQueued = Math.max(mostQueued, queuedBytes());
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> healthy.updates.get() == UPDATES);
            assertThat(healthy.orderViolations.get()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> server.get(server.adminUri("/metrics"), null).body()
                    .contains("rollcall_connections_closed_total{reason=\"slow_consumer\"} 1.0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().metrics().activeConnections() == 1);
            // ~9 MB were published to the stalled client; the node never queued more than max-pending-bytes
            // (1 MiB) per client, plus one frame each.
            assertThat(mostQueued).isLessThan(2 * (1024 * 1024 + 8 * 1024));
        }
    }

    private double queuedBytes() {
        return server.server().metrics().registry().get("rollcall.outbound.pending.bytes").gauge().value();
    }

}
