package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.StatusCount;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryIT {
    @org.junit.jupiter.api.Test
    void stopping_the_server_tells_sessions_it_is_going_away() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto");
        client.authenticate(Tokens.watch("host", "*"));
        server.stop();
        assertThat(client.awaitClose()).isEqualTo(ErrorCode.GOING_AWAY.code());
        client.close();
    }

    @RegisterExtension
    final TestServer server = new TestServer();

    @ParameterizedTest
    @ValueSource(strings = {"rollcall.v1.proto", "rollcall.v1.json"})
    void a_watcher_gets_a_snapshot_then_every_published_update_in_order(String subprotocol) throws Exception {
        server.checkIn("wedding", "g1");
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), subprotocol)) {
            ServerFrame connected = client.authenticate(Tokens.watch("host", "wedding"));
            assertThat(connected.getConnected().getNodeId()).isEqualTo("test-node");
            assertThat(connected.getConnected().getHeartbeatIntervalMs()).isPositive();

            client.subscribe("wedding", "", 0);
            ServerFrame subscribed = client.next();
            assertThat(subscribed.getSubscribed().getEventId()).isEqualTo("wedding");
            assertThat(subscribed.getSubscribed().getRecovered()).isFalse();
            assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(1);
            ServerFrame snapshot = client.next();
            assertThat(snapshot.getSnapshot().getGuestsList()).extracting(g -> g.getGuestId()).containsExactly("g1");
            assertThat(snapshot.getSnapshot().getLastPage()).isTrue();
            assertThat(snapshot.getSnapshot().getCounts().getTotalPax()).isEqualTo(2);

            server.checkIn("wedding", "g2");
            server.checkIn("wedding", "g1");
            ServerFrame first = client.next();
            ServerFrame second = client.next();
            assertThat(first.getUpdate().getSeq()).isEqualTo(2);
            assertThat(first.getUpdate().getAttendance().getGuestId()).isEqualTo("g2");
            assertThat(first.getUpdate().getMessageId()).hasSize(26);
            assertThat(first.getUpdate().getEpoch()).isEqualTo(subscribed.getSubscribed().getEpoch());
            assertThat(second.getUpdate().getSeq()).isEqualTo(3);
            assertThat(second.getUpdate().getCounts().getByStatusList())
                    .containsExactly(StatusCount.newBuilder().setStatus(GuestStatus.CHECKED_IN).setGuests(2).setPax(4).build());
        }
    }
}
