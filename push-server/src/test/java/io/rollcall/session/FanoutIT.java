package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FanoutIT {
    private static final int SUBSCRIBERS = 1_000;
    private static final int UPDATES = 1_000;

    @RegisterExtension
    final TestServer server = new TestServer();

    @Test
    void a_thousand_subscribers_each_receive_a_thousand_updates_in_order_without_gaps_or_duplicates() throws Exception {
        List<CompletableFuture<WsTestClient>> opening = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            opening.add(WsTestClient.open(server.wsUri(), i % 10 == 0 ? "rollcall.v1.json" : "rollcall.v1.proto", true));
        }
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (CompletableFuture<WsTestClient> future : opening) {
                clients.add(future.get(30, TimeUnit.SECONDS));
            }
            String token = Tokens.watch("host", "concert");
            for (WsTestClient client : clients) {
                client.sendConnect(token);
                client.subscribe("concert", "", 0);
            }
            for (WsTestClient client : clients) {
                assertThat(client.next().hasConnected()).isTrue();
                assertThat(client.next().hasSubscribed()).isTrue();
                assertThat(client.next().getSnapshot().getLastPage()).isTrue();
            }
            for (int i = 0; i < UPDATES; i++) {
                server.broker().publish("concert", AttendanceUpdate.newBuilder().setGuestId("g" + (i % 300))
                        .setStatus(GuestStatus.CHECKED_IN).setPax(1).build());
            }
            // Generous: a million deliveries with paranoid leak tracking on a 2-core machine that may be busy.
            await().atMost(Duration.ofMinutes(3))
                    .alias("the fewest updates any client received (the timeout message shows it)")
                    .until(() -> clients.stream().mapToLong(c -> c.updates.get()).min().orElse(0), fewest -> fewest >= UPDATES);
            for (WsTestClient client : clients) {
                assertThat(client.updates.get()).isEqualTo(UPDATES);
                assertThat(client.orderViolations.get()).isZero();
                assertThat(client.lastSeq()).isEqualTo(UPDATES);
            }
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }
}
