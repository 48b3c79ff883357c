package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.Ping;
import io.rollcall.session.ErrorCode;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One client flooding frames is closed for it; a hundred others on the node miss nothing. */
class FloodIT {
    private static final int WATCHERS = 100;
    private static final int UPDATES = 300;

    @RegisterExtension
    final TestServer server = new TestServer();

    @Test
    void a_client_sending_ten_thousand_frames_a_second_is_closed_while_everyone_else_gets_every_update() throws Exception {
        List<CompletableFuture<WsTestClient>> opening = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            opening.add(WsTestClient.open(server.wsUri(), "rollcall.v1.proto", true));
        }
        List<WsTestClient> watchers = new ArrayList<>();
        for (CompletableFuture<WsTestClient> open : opening) {
            WsTestClient watcher = open.get(30, TimeUnit.SECONDS);
            watchers.add(watcher);
            watcher.authenticate(Tokens.watch("host", "gala"));
            watcher.subscribe("gala", "", 0);
            assertThat(watcher.next().hasSubscribed()).isTrue();
            assertThat(watcher.next().hasSnapshot()).isTrue();
        }
        try (WsTestClient flooder = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
            flooder.authenticate(Tokens.watch("flooder", "gala"));
            byte[] ping = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray();
            Thread flood = new Thread(() -> {
                // 100 frames every 10 ms (10,000/s), for 3 s at most.
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < end && !flooder.closeCode.isDone()) {
                    flooder.flood(ping, 100);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }, "flooder");
            flood.start();
            for (int i = 0; i < UPDATES; i++) {
                server.broker().publish("gala", AttendanceUpdate.newBuilder().setGuestId("g" + i).setStatus(GuestStatus.CHECKED_IN).build());
            }
            // A client still writing when the server closes may see its own write fail (1006) before
            // it reads the close frame; the server's count below says why it was closed.
            assertThat(flooder.awaitClose()).isIn(ErrorCode.RATE_LIMITED.code(), 1006);
            flood.join(TimeUnit.SECONDS.toMillis(10));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> watchers.stream().allMatch(w -> w.updates.get() == UPDATES));
        for (WsTestClient watcher : watchers) {
            assertThat(watcher.orderViolations.get()).isZero();
            assertThat(watcher.lastSeq()).isEqualTo(UPDATES);
            assertThat(watcher.isOpen()).isTrue();
            watcher.close();
        }
        assertThat(server.get(server.adminUri("/metrics"), null).body())
                .contains("rollcall_connections_closed_total{reason=\"rate_limited\"} 1.0");
    }

    @Test
    void a_burst_over_the_bucket_is_closed_with_rate_limited_after_the_frames_within_it_are_answered() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
            client.authenticate(Tokens.watch("bursty", "gala"));
            client.flood(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray(), 400);
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.RATE_LIMITED.code());
            // The burst (200, one of it spent on connect) is answered, plus what refilled meanwhile; the rest is not.
            assertThat(client.frames).allMatch(frame -> frame.hasPong()).hasSizeBetween(199, 399);
        }
    }
}
