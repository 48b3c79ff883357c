package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RollcallClientIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    /** Records what a listener saw. */
    static final class Recorder implements EventListener {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final AtomicInteger snapshots = new AtomicInteger();
        volatile int snapshotGuests;

        @Override
        public void onSnapshot(String eventId, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests) {
            snapshots.incrementAndGet();
            snapshotGuests = guests.size();
            seqs.add(seq);
        }

        @Override
        public void onUpdate(Update update) {
            seqs.add(update.getSeq());
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void the_client_gets_the_snapshot_then_updates_and_resumes_after_a_drop_without_loss_or_duplicates(Encoding encoding)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            server.checkIn("wedding", "early-" + i);
        }
        AtomicInteger tokensIssued = new AtomicInteger();
        Recorder recorder = new Recorder();
        try (RollcallClient client = RollcallClient.builder().uri(server.wsUri()).encoding(encoding)
                .tokens(() -> {
                    tokensIssued.incrementAndGet();
                    return Tokens.watch("host", "wedding");
                })
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build()) {
            client.subscribe("wedding", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.snapshots.get() == 1);
            assertThat(recorder.snapshotGuests).isEqualTo(3);

            for (int i = 0; i < 5; i++) {
                server.checkIn("wedding", "g" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seqs.size() == 6);

            client.dropConnection();
            for (int i = 0; i < 50; i++) {
                server.checkIn("wedding", "during-outage-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seqs.size() == 56);
            server.checkIn("wedding", "after");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seqs.size() == 57);

            assertThat(recorder.snapshots.get()).as("resumed from history, no second snapshot").isEqualTo(1);
            assertThat(recorder.seqs).isEqualTo(java.util.stream.LongStream.rangeClosed(3, 59).boxed().toList());
            assertThat(tokensIssued.get()).as("a fresh token per connection").isEqualTo(2);
        }
    }

    @Test
    void after_a_server_restart_the_client_reconnects_and_rebuilds_its_view_from_a_snapshot() throws Exception {
        server.checkIn("seminar", "a");
        Recorder recorder = new Recorder();
        try (RollcallClient client = RollcallClient.builder().uri(server.wsUri()).tokens(() -> Tokens.watch("host", "seminar"))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build()) {
            client.subscribe("seminar", recorder);
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.snapshots.get() == 1);
            server.restartOnSamePort();
            // The embedded broker lost its state: a new epoch, so the client must get a fresh snapshot.
            server.checkIn("seminar", "b");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.snapshots.get() == 2);
            assertThat(client.position("seminar")).endsWith(":1");
        }
    }
}
