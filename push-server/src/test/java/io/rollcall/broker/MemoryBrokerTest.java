package io.rollcall.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.attendance.MessageIds;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryBrokerTest {
    private static final Instant NOW = Instant.parse("2026-06-20T18:30:00.123Z");
    private static final String EVENT = "wedding-1";

    private final List<Update> delivered = new CopyOnWriteArrayList<>();
    private MemoryBroker broker;

    private MemoryBroker start(int historySize) {
        broker = new MemoryBroker(historySize, Clock.fixed(NOW, ZoneOffset.UTC));
        broker.start(delivered::add).join();
        return broker;
    }

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    private static AttendanceUpdate guest(String id, GuestStatus status, int pax) {
        return AttendanceUpdate.newBuilder().setGuestId(id).setStatus(status).setPax(pax).build();
    }

    private static AttendanceUpdate guest(int n) {
        return guest("g" + n, GuestStatus.CHECKED_IN, 1);
    }

    private List<Update> publish(String eventId, int count) {
        List<Update> published = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            published.add(broker.publish(eventId, guest(i)).join());
        }
        return published;
    }

    private static List<Long> seqs(List<Update> updates) {
        return updates.stream().map(Update::getSeq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void a_history_size_below_1_is_refused() {
        assertThatThrownBy(() -> new MemoryBroker(0, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("historySize: 0 (expected: >= 1)");
    }

    @Test
    void the_first_publish_of_an_event_gets_seq_1_an_epoch_an_id_a_time_and_the_counts_after_it() {
        start(10);
        AttendanceUpdate attendance = guest("g1", GuestStatus.ATTENDING, 3);

        Update update = broker.publish(EVENT, attendance).join();

        assertThat(update.getEventId()).isEqualTo(EVENT);
        assertThat(update.getSeq()).isEqualTo(1);
        assertThat(update.getEpoch()).isNotEmpty();
        assertThat(update.getAttendance()).isEqualTo(attendance);
        assertThat(update.getMessageId()).hasSize(26).startsWith(MessageIds.next(NOW.toEpochMilli()).substring(0, 10));
        assertThat(update.getPublishedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
        assertThat(update.getPublishedAt().getNanos()).isEqualTo(123_000_000);
        assertThat(update.getCounts()).isEqualTo(AttendanceCounts.newBuilder()
                .addByStatus(StatusCount.newBuilder().setStatus(GuestStatus.ATTENDING).setGuests(1).setPax(3))
                .setTotalGuests(1)
                .setTotalPax(3)
                .build());
    }

    @Test
    void seqs_count_up_by_one_per_event_under_one_epoch_with_unique_message_ids() {
        start(10);

        List<Update> published = publish(EVENT, 5);

        assertThat(seqs(published)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(published).extracting(Update::getEpoch).containsOnly(published.get(0).getEpoch());
        assertThat(published).extracting(Update::getMessageId).doesNotHaveDuplicates();
    }

    @Test
    void each_event_has_its_own_seq() {
        start(10);

        publish("wedding-1", 3);
        Update other = broker.publish("seminar-9", guest(1)).join();

        assertThat(other.getSeq()).isEqualTo(1);
        assertThat(other.getEventId()).isEqualTo("seminar-9");
    }

    @Test
    void the_listener_receives_every_publish_in_seq_order_as_published() {
        start(10);

        List<Update> published = publish(EVENT, 5);

        assertThat(delivered).containsExactlyElementsOf(published);
    }

    @Test
    void the_counts_in_each_update_are_those_after_it() {
        start(10);

        broker.publish(EVENT, guest("g1", GuestStatus.ATTENDING, 2)).join();
        broker.publish(EVENT, guest("g2", GuestStatus.ATTENDING, 1)).join();
        Update third = broker.publish(EVENT, guest("g1", GuestStatus.CHECKED_IN, 2)).join();

        assertThat(third.getCounts().getByStatusList()).containsExactly(
                StatusCount.newBuilder().setStatus(GuestStatus.ATTENDING).setGuests(1).setPax(1).build(),
                StatusCount.newBuilder().setStatus(GuestStatus.CHECKED_IN).setGuests(1).setPax(2).build());
        assertThat(third.getCounts().getTotalGuests()).isEqualTo(2);
        assertThat(third.getCounts().getTotalPax()).isEqualTo(3);
    }

    @Test
    void the_snapshot_holds_the_latest_record_per_guest_and_the_counts_as_of_the_last_seq() {
        start(10);
        broker.publish(EVENT, guest("g1", GuestStatus.ATTENDING, 2)).join();
        broker.publish(EVENT, guest("g2", GuestStatus.DECLINED, 1)).join();
        Update last = broker.publish(EVENT, guest("g1", GuestStatus.CHECKED_IN, 2)).join();

        EventSnapshot snapshot = broker.snapshot(EVENT).join();

        assertThat(snapshot.eventId()).isEqualTo(EVENT);
        assertThat(snapshot.epoch()).isEqualTo(last.getEpoch());
        assertThat(snapshot.seq()).isEqualTo(3);
        assertThat(snapshot.guests()).containsExactly(guest("g1", GuestStatus.CHECKED_IN, 2), guest("g2", GuestStatus.DECLINED, 1));
        assertThat(snapshot.counts()).isEqualTo(last.getCounts());
    }

    @Test
    void an_event_nobody_published_to_has_an_empty_snapshot() {
        start(10);

        EventSnapshot snapshot = broker.snapshot("quiet").join();

        assertThat(snapshot).isEqualTo(EventSnapshot.empty("quiet"));
        assertThat(snapshot.epoch()).isEmpty();
        assertThat(snapshot.seq()).isZero();
        assertThat(snapshot.guests()).isEmpty();
    }

    @Test
    void catching_up_on_an_event_nobody_published_to_resets_to_the_empty_snapshot() {
        start(10);

        Catchup catchup = broker.catchUp("quiet", "", 0).join();

        assertThat(catchup).isEqualTo(new Catchup.Reset(EventSnapshot.empty("quiet")));
    }

    @Test
    void a_client_without_a_position_gets_the_current_snapshot() {
        start(10);
        publish(EVENT, 3);

        Catchup catchup = broker.catchUp(EVENT, "", 0).join();

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Reset.class,
                reset -> assertThat(reset.snapshot()).isEqualTo(broker.snapshot(EVENT).join()));
        assertThat(catchup.seq()).isEqualTo(3);
    }

    @ParameterizedTest(name = "since {0}")
    @ValueSource(longs = {3, 4, 5, 7, 8})
    void a_client_within_history_gets_exactly_the_updates_after_its_position(long sinceSeq) {
        start(5);
        List<Update> published = publish(EVENT, 8);
        String epoch = published.get(0).getEpoch();

        Catchup catchup = broker.catchUp(EVENT, epoch, sinceSeq).join();

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Replay.class, replay -> {
            assertThat(replay.epoch()).isEqualTo(epoch);
            assertThat(replay.seq()).isEqualTo(8);
            assertThat(replay.updates()).containsExactlyElementsOf(published.subList((int) sinceSeq, 8));
        });
    }

    @Test
    void a_client_at_seq_0_of_the_current_epoch_replays_everything_while_history_holds_it() {
        start(5);
        List<Update> published = publish(EVENT, 5);

        Catchup catchup = broker.catchUp(EVENT, published.get(0).getEpoch(), 0).join();

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Replay.class,
                replay -> assertThat(replay.updates()).containsExactlyElementsOf(published));
    }

    @ParameterizedTest(name = "since {0}")
    @ValueSource(longs = {0, 1, 2})
    void a_client_older_than_history_gets_a_snapshot(long sinceSeq) {
        start(5);
        List<Update> published = publish(EVENT, 8);

        Catchup catchup = broker.catchUp(EVENT, published.get(0).getEpoch(), sinceSeq).join();

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Reset.class,
                reset -> assertThat(reset.snapshot()).isEqualTo(broker.snapshot(EVENT).join()));
    }

    @ParameterizedTest(name = "since {0}")
    @ValueSource(longs = {9, 100, Long.MAX_VALUE, -1})
    void a_client_ahead_of_the_event_gets_a_snapshot(long sinceSeq) {
        start(5);
        List<Update> published = publish(EVENT, 8);

        Catchup catchup = broker.catchUp(EVENT, published.get(0).getEpoch(), sinceSeq).join();

        assertThat(catchup).isInstanceOf(Catchup.Reset.class);
        assertThat(catchup.seq()).isEqualTo(8);
    }

    @Test
    void a_client_from_another_epoch_gets_a_snapshot_of_the_current_epoch() {
        start(5);
        List<Update> published = publish(EVENT, 3);

        Catchup catchup = broker.catchUp(EVENT, "OLDEPOCH1234", 2).join();

        assertThat(catchup).isInstanceOf(Catchup.Reset.class);
        assertThat(catchup.epoch()).isEqualTo(published.get(0).getEpoch());
        assertThat(catchup.seq()).isEqualTo(3);
    }

    @ParameterizedTest(name = "history {0}, {1} published")
    @CsvSource({"1, 1", "1, 10", "3, 10", "10, 10", "10, 25"})
    void history_holds_exactly_the_last_history_size_updates(int historySize, int count) {
        start(historySize);
        List<Update> published = publish(EVENT, count);
        String epoch = published.get(0).getEpoch();
        long oldestKept = Math.max(1, count - historySize + 1);

        Catchup replay = broker.catchUp(EVENT, epoch, oldestKept - 1).join();
        Catchup tooOld = broker.catchUp(EVENT, epoch, oldestKept - 2).join();

        assertThat(replay).isInstanceOfSatisfying(Catchup.Replay.class,
                r -> assertThat(seqs(r.updates())).isEqualTo(range(oldestKept, count)));
        if (oldestKept >= 2) {
            assertThat(tooOld).isInstanceOf(Catchup.Reset.class);
        }
    }

    @Test
    void a_replay_is_not_changed_by_later_publishes() {
        start(10);
        List<Update> published = publish(EVENT, 3);
        Catchup.Replay replay = (Catchup.Replay) broker.catchUp(EVENT, published.get(0).getEpoch(), 1).join();

        publish(EVENT, 3);

        assertThat(seqs(replay.updates())).containsExactly(2L, 3L);
    }

    @ParameterizedTest(name = "{0} threads, {1} events")
    @CsvSource({"8, 1", "8, 4"})
    void concurrent_publishers_are_delivered_in_seq_order_each_exactly_once(int threads, int eventCount) throws Exception {
        int perThread = 500;
        start(100);
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        broker.start(update -> seen.computeIfAbsent(update.getEventId(), id -> new CopyOnWriteArrayList<>()).add(update.getSeq()))
                .join();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Update>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String eventId = "event-" + (t % eventCount);
                results.add(pool.submit(() -> {
                    go.await();
                    List<Update> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(broker.publish(eventId, guest(i)).join());
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<Update> all = new ArrayList<>();
            for (Future<List<Update>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }

            int perEvent = threads / eventCount * perThread;
            assertThat(seen).hasSize(eventCount);
            seen.forEach((eventId, seqs) -> assertThat(seqs).as(eventId).isEqualTo(range(1, perEvent)));
            Map<String, List<Long>> returned = all.stream().collect(Collectors.groupingBy(Update::getEventId,
                    Collectors.mapping(Update::getSeq, Collectors.toList())));
            returned.forEach((eventId, seqs) -> assertThat(seqs).as(eventId).containsExactlyInAnyOrderElementsOf(range(1, perEvent)));
        } finally {
            pool.shutdownNow();
        }
    }
}
