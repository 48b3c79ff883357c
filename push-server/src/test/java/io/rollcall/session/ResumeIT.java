package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Snapshot;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResumeIT {
    private static final String PROTO = "rollcall.v1.proto";

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.HISTORY_SIZE, "100").with(Setting.SNAPSHOT_PAGE_SIZE, "500");

    private WsTestClient watcher() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO);
        client.authenticate(Tokens.watch("host", "*"));
        return client;
    }

    @Test
    void a_client_resuming_from_its_position_gets_exactly_the_missed_updates() throws Exception {
        String epoch;
        long lastSeq;
        try (WsTestClient client = watcher()) {
            client.subscribe("gala", "", 0);
            assertThat(client.next().getSubscribed().getEpoch()).as("no history yet").isEmpty();
            client.next(); // empty snapshot
            for (int i = 1; i <= 5; i++) {
                server.checkIn("gala", "g" + i);
            }
            ServerFrame update = null;
            for (int i = 1; i <= 5; i++) {
                update = client.next();
                assertThat(update.getUpdate().getSeq()).isEqualTo(i);
            }
            epoch = update.getUpdate().getEpoch();
            lastSeq = 5;
        }
        for (int i = 6; i <= 40; i++) {
            server.checkIn("gala", "g" + i);
        }
        try (WsTestClient client = watcher()) {
            client.subscribe("gala", epoch, lastSeq);
            ServerFrame subscribed = client.next();
            assertThat(subscribed.getSubscribed().getRecovered()).isTrue();
            assertThat(subscribed.getSubscribed().getEpoch()).isEqualTo(epoch);
            assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(40);
            List<Long> replayed = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                replayed.add(client.next().getUpdate().getSeq());
            }
            assertThat(replayed).isEqualTo(java.util.stream.LongStream.rangeClosed(6, 40).boxed().toList());
            server.checkIn("gala", "late");
            assertThat(client.next().getUpdate().getSeq()).isEqualTo(41);
            assertThat(client.frames).isEmpty();
        }
    }

    @Test
    void a_position_older_than_history_gets_a_snapshot() throws Exception {
        String epoch = publishAndReadEpoch(150);
        try (WsTestClient client = watcher()) {
            client.subscribe("gala", epoch, 10);
            ServerFrame subscribed = client.next();
            assertThat(subscribed.getSubscribed().getRecovered()).isFalse();
            assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(150);
            Snapshot snapshot = client.next().getSnapshot();
            assertThat(snapshot.getSeq()).isEqualTo(150);
            assertThat(snapshot.getGuestsCount()).isEqualTo(150);
            assertThat(snapshot.getLastPage()).isTrue();
        }
    }

    @Test
    void a_position_from_another_epoch_gets_a_snapshot() throws Exception {
        publishAndReadEpoch(3);
        try (WsTestClient client = watcher()) {
            client.subscribe("gala", "OTHEREPOCH", 2);
            assertThat(client.next().getSubscribed().getRecovered()).isFalse();
            assertThat(client.next().getSnapshot().getGuestsCount()).isEqualTo(3);
        }
    }

    @Test
    void a_position_ahead_of_the_event_gets_a_snapshot() throws Exception {
        String epoch = publishAndReadEpoch(3);
        try (WsTestClient client = watcher()) {
            client.subscribe("gala", epoch, 99);
            ServerFrame subscribed = client.next();
            assertThat(subscribed.getSubscribed().getRecovered()).isFalse();
            assertThat(subscribed.getSubscribed().getSeq()).isEqualTo(3);
        }
    }

    @Test
    void a_large_event_arrives_in_snapshot_pages_that_together_hold_every_guest() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            server.broker().publish("expo", AttendanceUpdate.newBuilder().setGuestId("guest-" + i).setGuestName("Guest " + i)
                    .setStatus(i % 3 == 0 ? GuestStatus.CHECKED_IN : GuestStatus.ATTENDING).setPax(1).build());
        }
        try (WsTestClient client = watcher()) {
            client.subscribe("expo", "", 0);
            assertThat(client.next().getSubscribed().getSeq()).isEqualTo(20_000);
            Set<String> guests = new HashSet<>();
            int pages = 0;
            Snapshot page;
            do {
                page = client.next().getSnapshot();
                assertThat(page.getPageIndex()).isEqualTo(pages);
                assertThat(page.getSeq()).isEqualTo(20_000);
                assertThat(page.getGuestsCount()).isLessThanOrEqualTo(500);
                assertThat(page.getCounts().getTotalGuests()).isEqualTo(20_000);
                page.getGuestsList().forEach(g -> guests.add(g.getGuestId()));
                pages++;
            } while (!page.getLastPage());
            assertThat(pages).isEqualTo(40);
            assertThat(guests).hasSize(20_000);
            server.checkIn("expo", "guest-1");
            assertThat(client.next().getUpdate().getSeq()).isEqualTo(20_001);
        }
    }

    @Test
    void updates_published_while_a_subscriber_catches_up_are_neither_lost_nor_duplicated() throws Exception {
        server.checkIn("race", "seed");
        try (WsTestClient client = watcher()) {
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        server.checkIn("race", "p" + i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            publisher.start();
            client.subscribe("race", "", 0);
            long position = client.next().getSubscribed().getSeq();
            assertThat(client.next().getSnapshot().getSeq()).isEqualTo(position);
            publisher.join();
            while (position < 301) {
                long seq = client.next().getUpdate().getSeq();
                assertThat(seq).isEqualTo(position + 1);
                position = seq;
            }
        }
    }

    private String publishAndReadEpoch(int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            server.checkIn("gala", "g" + i);
        }
        return server.broker().snapshot("gala").join().epoch();
    }
}
