package io.rollcall.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Broker} contract (DESIGN §4–5), written once against the public interface and run
 * against every implementation by subclassing: memory, Redis and Redis Cluster. A subclass provides
 * fresh brokers (isolated per test, e.g. by a unique key prefix) and says whether its broker
 * delivers only subscribed events.
 *
 * <p>Every event id is unique to the test instance, so brokers sharing a store across tests still
 * see fresh events. Brokers are closed after each test.
 */
public abstract class BrokerContract {
    /** How long any single broker operation or delivery may take. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long an update that should not arrive is given to arrive anyway. */
    protected static final Duration QUIET_PERIOD = Duration.ofMillis(300);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private final String runId = randomSuffix();
    private final List<Broker> brokers = new ArrayList<>();
    private final List<Update> delivered = new CopyOnWriteArrayList<>();

    /**
     * A fresh, not yet started broker keeping {@code historySize} updates per event. Called once or
     * more per test; the contract starts and closes it.
     */
    protected abstract Broker newBroker(int historySize);

    /**
     * Whether the broker delivers only events this node subscribed to. The memory broker delivers
     * every publish (there is a single node), so it returns false and skips those checks.
     */
    protected boolean deliversOnlySubscribedEvents() {
        return true;
    }

    @AfterEach
    void closeContractBrokers() {
        for (Broker broker : brokers) {
            broker.close();
        }
        brokers.clear();
    }

    // ------------------------------------------------------------------ publish

    @Test
    void a_started_broker_is_connected() {
        Broker broker = start(10);

        assertThat(broker.isConnected()).isTrue();
    }

    @Test
    void publish_assigns_seq_1_2_3_per_event_independently_and_returns_the_envelope() {
        Broker broker = start(10);
        String wedding = event("wedding");
        String seminar = event("seminar");
        Instant before = Instant.now();

        Update w1 = publish(broker, wedding, guest("g1", GuestStatus.ATTENDING, 2));
        Update s1 = publish(broker, seminar, guest("g1", GuestStatus.DECLINED, 1));
        Update w2 = publish(broker, wedding, guest("g2", GuestStatus.MAYBE, 1));
        Update s2 = publish(broker, seminar, guest("g2", GuestStatus.ATTENDING, 4));
        Update w3 = publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 2));
        Instant after = Instant.now();

        assertThat(List.of(w1, w2, w3)).extracting(Update::getSeq).containsExactly(1L, 2L, 3L);
        assertThat(List.of(s1, s2)).extracting(Update::getSeq).containsExactly(1L, 2L);
        assertThat(List.of(w1, w2, w3)).extracting(Update::getEventId).containsOnly(wedding);
        assertThat(List.of(s1, s2)).extracting(Update::getEventId).containsOnly(seminar);
        assertThat(w1.getEpoch()).isNotEmpty();
        assertThat(List.of(w2, w3)).extracting(Update::getEpoch).containsOnly(w1.getEpoch());
        assertThat(s1.getEpoch()).isNotEmpty();
        assertThat(s2.getEpoch()).isEqualTo(s1.getEpoch());

        List<Update> all = List.of(w1, s1, w2, s2, w3);
        assertThat(all).extracting(Update::getMessageId).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).hasSize(26);
            assertThat(id.chars()).allMatch(c -> CROCKFORD.indexOf(c) >= 0);
        });
        List<Instant> idTimes = all.stream().map(update -> messageIdTime(update.getMessageId())).toList();
        assertThat(idTimes).as("message id times, in publish order").isSorted()
                .allSatisfy(time -> assertThat(time).isBetween(before.minusSeconds(2), after.plusSeconds(2)));
        assertThat(all).allSatisfy(update -> assertThat(toInstant(update))
                .isBetween(before.minusSeconds(2), after.plusSeconds(2)));

        assertThat(w3.getAttendance()).isEqualTo(guest("g1", GuestStatus.CHECKED_IN, 2));
        assertThat(w1.getCounts()).isEqualTo(counts(1, 2, status(GuestStatus.ATTENDING, 1, 2)));
        assertThat(w2.getCounts()).isEqualTo(counts(2, 3, status(GuestStatus.ATTENDING, 1, 2), status(GuestStatus.MAYBE, 1, 1)));
        assertThat(w3.getCounts()).isEqualTo(counts(2, 3, status(GuestStatus.MAYBE, 1, 1), status(GuestStatus.CHECKED_IN, 1, 2)));
        assertThat(s2.getCounts()).isEqualTo(counts(2, 5, status(GuestStatus.ATTENDING, 1, 4), status(GuestStatus.DECLINED, 1, 1)));
    }

    @Test
    void every_field_of_the_attendance_update_survives_the_broker() {
        Broker broker = start(10);
        String wedding = event("wedding");
        AttendanceUpdate full = AttendanceUpdate.newBuilder()
                .setGuestId("guest-7")
                .setGuestName("Zoë Müller-O'Brien \"the 2nd\" 日本")
                .setStatus(GuestStatus.CHECKED_IN)
                .setPax(3)
                .setSource("usher-app")
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_781_980_200L).setNanos(250_000_000))
                .setNote("arrived with\na stroller, {\"json\": true}")
                .setTable("T12")
                .build();

        Update published = publish(broker, wedding, full);

        assertThat(published.getAttendance()).isEqualTo(full);
        assertThat(result(broker.snapshot(wedding)).guests()).containsExactly(full);
    }

    // ------------------------------------------------------------------ live delivery

    @Test
    void after_subscribe_completes_every_publish_reaches_the_listener_in_seq_order() {
        Broker broker = start(10);
        String wedding = event("wedding");
        result(broker.subscribe(wedding));

        List<Update> published = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            published.add(publish(broker, wedding, guest("g" + i, GuestStatus.CHECKED_IN, 1)));
        }

        awaitDelivered(wedding, 10);
        assertThat(deliveredTo(wedding)).containsExactlyElementsOf(published);
    }

    @Test
    void subscribing_twice_delivers_each_update_once() {
        Broker broker = start(10);
        String wedding = event("wedding");
        result(broker.subscribe(wedding));
        result(broker.subscribe(wedding));

        publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 1));
        publish(broker, wedding, guest("g2", GuestStatus.CHECKED_IN, 1));

        awaitDelivered(wedding, 2);
        assertStaysTrue("no duplicate deliveries", () -> deliveredTo(wedding).size() == 2);
        assertThat(seqs(deliveredTo(wedding))).containsExactly(1L, 2L);
    }

    @Test
    void updates_of_an_event_this_node_is_not_subscribed_to_do_not_reach_the_listener() {
        assumeTrue(deliversOnlySubscribedEvents(), "this broker delivers every event to its only node");
        Broker broker = start(10);
        String unwatched = event("unwatched");
        String watched = event("watched");
        result(broker.subscribe(watched));

        publish(broker, unwatched, guest("g1", GuestStatus.CHECKED_IN, 1));
        publish(broker, unwatched, guest("g2", GuestStatus.CHECKED_IN, 1));
        Update marker = publish(broker, watched, guest("g1", GuestStatus.CHECKED_IN, 1));

        awaitDelivered(watched, 1);
        assertThat(deliveredTo(watched)).containsExactly(marker);
        // In a cluster the two events may live on different shards, so the marker is no barrier.
        assertStaysTrue("nothing of " + unwatched + " delivered", () -> deliveredTo(unwatched).isEmpty());
    }

    @Test
    void unsubscribe_stops_delivery() {
        assumeTrue(deliversOnlySubscribedEvents(), "this broker delivers every event to its only node");
        Broker broker = start(10);
        String wedding = event("wedding");
        String marker = event("marker");
        result(broker.subscribe(wedding));
        result(broker.subscribe(marker));
        publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 1));
        awaitDelivered(wedding, 1);

        broker.unsubscribe(wedding);

        // unsubscribe returns nothing to wait for: it must take effect soon, not at once.
        awaiting().untilAsserted(() -> {
            int before = deliveredTo(wedding).size();
            publish(broker, wedding, guest("g2", GuestStatus.CHECKED_IN, 1));
            Update last = publish(broker, marker, guest("m", GuestStatus.CHECKED_IN, 1));
            awaitDelivered(marker, (int) last.getSeq());
            assertStaysTrue("nothing of " + wedding + " delivered after unsubscribe",
                    () -> deliveredTo(wedding).size() == before);
        });
        assertThat(seqs(deliveredTo(wedding))).startsWith(1L).isSorted();
    }

    @Test
    void subscribing_again_after_unsubscribe_resumes_delivery() {
        Broker broker = start(10);
        String wedding = event("wedding");
        result(broker.subscribe(wedding));
        broker.unsubscribe(wedding);

        result(broker.subscribe(wedding));
        Update update = publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 1));

        awaiting().until(() -> deliveredTo(wedding).contains(update));
    }

    // ------------------------------------------------------------------ catch-up

    @Test
    void catching_up_without_a_position_resets_to_a_snapshot_with_the_counts_and_all_guests() {
        Broker broker = start(10);
        String wedding = event("wedding");
        publish(broker, wedding, guest("g1", GuestStatus.ATTENDING, 2));
        publish(broker, wedding, guest("g2", GuestStatus.DECLINED, 1));
        Update last = publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 2));

        Catchup catchup = result(broker.catchUp(wedding, "", 0));

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Reset.class, reset -> {
            EventSnapshot snapshot = reset.snapshot();
            assertThat(snapshot.eventId()).isEqualTo(wedding);
            assertThat(snapshot.epoch()).isEqualTo(last.getEpoch());
            assertThat(snapshot.seq()).isEqualTo(3);
            assertThat(snapshot.counts()).isEqualTo(last.getCounts());
            assertThat(snapshot.guests()).containsExactlyInAnyOrder(
                    guest("g1", GuestStatus.CHECKED_IN, 2), guest("g2", GuestStatus.DECLINED, 1));
        });
        assertThat(catchup.epoch()).isEqualTo(last.getEpoch());
        assertThat(catchup.seq()).isEqualTo(3);
    }

    @ParameterizedTest(name = "since seq {0} of 8")
    @ValueSource(longs = {0, 3, 7, 8})
    void catching_up_within_history_replays_exactly_the_updates_after_the_position(long sinceSeq) {
        Broker broker = start(10);
        String wedding = event("wedding");
        List<Update> published = publishGuests(broker, wedding, 8);
        String epoch = published.get(0).getEpoch();

        Catchup catchup = result(broker.catchUp(wedding, epoch, sinceSeq));

        assertThat(catchup).isInstanceOfSatisfying(Catchup.Replay.class, replay -> {
            assertThat(replay.epoch()).isEqualTo(epoch);
            assertThat(replay.seq()).isEqualTo(8);
            assertThat(replay.updates()).containsExactlyElementsOf(published.subList((int) sinceSeq, 8));
        });
    }

    @Test
    void catching_up_from_a_position_older_than_history_resets_to_a_snapshot() {
        Broker broker = start(5);
        String wedding = event("wedding");
        List<Update> published = publishGuests(broker, wedding, 20);
        String epoch = published.get(0).getEpoch();

        Catchup tooOld = result(broker.catchUp(wedding, epoch, 2));
        Catchup oldestKept = result(broker.catchUp(wedding, epoch, 15));

        assertThat(tooOld).isInstanceOfSatisfying(Catchup.Reset.class, reset -> {
            assertThat(reset.snapshot().seq()).isEqualTo(20);
            assertThat(reset.snapshot().epoch()).isEqualTo(epoch);
            assertThat(reset.snapshot().guests()).hasSize(20);
            assertThat(reset.snapshot().counts()).isEqualTo(published.get(19).getCounts());
        });
        assertThat(oldestKept).as("the last 5 updates are still in history")
                .isInstanceOfSatisfying(Catchup.Replay.class,
                        replay -> assertThat(replay.updates()).containsExactlyElementsOf(published.subList(15, 20)));
    }

    @Test
    void catching_up_from_another_epoch_resets_to_a_snapshot_of_the_current_epoch() {
        Broker broker = start(10);
        String wedding = event("wedding");
        List<Update> published = publishGuests(broker, wedding, 3);

        Catchup catchup = result(broker.catchUp(wedding, "OLDEPOCH1234", 2));

        assertThat(catchup).isInstanceOf(Catchup.Reset.class);
        assertThat(catchup.epoch()).isEqualTo(published.get(0).getEpoch());
        assertThat(catchup.seq()).isEqualTo(3);
    }

    @ParameterizedTest(name = "since seq {0} of 8")
    @ValueSource(longs = {9, 100, Long.MAX_VALUE})
    void catching_up_from_a_position_ahead_of_the_event_resets_to_a_snapshot(long sinceSeq) {
        Broker broker = start(10);
        String wedding = event("wedding");
        List<Update> published = publishGuests(broker, wedding, 8);

        Catchup catchup = result(broker.catchUp(wedding, published.get(0).getEpoch(), sinceSeq));

        assertThat(catchup).isInstanceOf(Catchup.Reset.class);
        assertThat(catchup.epoch()).isEqualTo(published.get(0).getEpoch());
        assertThat(catchup.seq()).isEqualTo(8);
    }

    @ParameterizedTest(name = "position \"{0}\"")
    @ValueSource(strings = {"", "SOMEEPOCH123"})
    void catching_up_on_an_event_never_published_resets_to_an_empty_snapshot(String epoch) {
        Broker broker = start(10);
        String quiet = event("quiet");

        Catchup catchup = result(broker.catchUp(quiet, epoch, epoch.isEmpty() ? 0 : 5));

        assertThat(catchup).isEqualTo(new Catchup.Reset(EventSnapshot.empty(quiet)));
        assertThat(catchup.epoch()).isEmpty();
        assertThat(catchup.seq()).isZero();
    }

    // ------------------------------------------------------------------ snapshot

    @Test
    void the_snapshot_counts_guests_and_pax_by_status_after_status_changes_of_the_same_guest() {
        Broker broker = start(10);
        String wedding = event("wedding");
        publish(broker, wedding, guest("g1", GuestStatus.INVITED, 2));
        publish(broker, wedding, guest("g2", GuestStatus.ATTENDING, 1));
        publish(broker, wedding, guest("g3", GuestStatus.ATTENDING, 3));
        publish(broker, wedding, guest("g1", GuestStatus.ATTENDING, 2));
        publish(broker, wedding, guest("g1", GuestStatus.CHECKED_IN, 2));
        Update last = publish(broker, wedding, guest("g2", GuestStatus.DECLINED, 1));

        EventSnapshot snapshot = result(broker.snapshot(wedding));

        AttendanceCounts expected = counts(3, 6,
                status(GuestStatus.ATTENDING, 1, 3),
                status(GuestStatus.DECLINED, 1, 1),
                status(GuestStatus.CHECKED_IN, 1, 2));
        assertThat(snapshot.counts()).isEqualTo(expected);
        assertThat(last.getCounts()).isEqualTo(expected);
        assertThat(snapshot.eventId()).isEqualTo(wedding);
        assertThat(snapshot.epoch()).isEqualTo(last.getEpoch());
        assertThat(snapshot.seq()).isEqualTo(6);
        assertThat(snapshot.guests()).containsExactlyInAnyOrder(
                guest("g1", GuestStatus.CHECKED_IN, 2),
                guest("g2", GuestStatus.DECLINED, 1),
                guest("g3", GuestStatus.ATTENDING, 3));
    }

    @Test
    void the_snapshot_of_an_event_never_published_is_empty() {
        Broker broker = start(10);
        String quiet = event("quiet");

        assertThat(result(broker.snapshot(quiet))).isEqualTo(EventSnapshot.empty(quiet));
    }

    // ------------------------------------------------------------------ volume and concurrency

    @Test
    void concurrent_publishes_to_one_event_get_each_seq_once_and_are_delivered_in_order() throws Exception {
        int threads = 8;
        int perThread = 125;
        int total = threads * perThread;
        Broker broker = start(100);
        String wedding = event("wedding");
        result(broker.subscribe(wedding));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Update>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-g";
                results.add(pool.submit(() -> {
                    go.await();
                    List<CompletableFuture<Update>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(broker.publish(wedding, guest(prefix + i, GuestStatus.CHECKED_IN, 1)));
                    }
                    List<Update> done = new ArrayList<>();
                    for (CompletableFuture<Update> update : mine) {
                        done.add(result(update));
                    }
                    return done;
                }));
            }
            go.countDown();
            List<Long> returned = new ArrayList<>();
            for (Future<List<Update>> result : results) {
                result.get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS).forEach(update -> returned.add(update.getSeq()));
            }

            assertThat(returned).containsExactlyInAnyOrderElementsOf(range(1, total));
            awaitDelivered(wedding, total);
            assertThat(seqs(deliveredTo(wedding))).isEqualTo(range(1, total));
            EventSnapshot snapshot = result(broker.snapshot(wedding));
            assertThat(snapshot.seq()).isEqualTo(total);
            assertThat(snapshot.counts().getTotalGuests()).isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_thousand_publishes_in_a_row_are_sequenced_and_delivered_in_call_order() {
        int total = 1000;
        Broker broker = start(100);
        String wedding = event("wedding");
        result(broker.subscribe(wedding));
        GuestStatus[] statuses = {GuestStatus.ATTENDING, GuestStatus.CHECKED_IN, GuestStatus.CHECKED_OUT};

        // Not waiting between calls: a caller's updates (e.g. check-in, then check-out) apply in order.
        List<CompletableFuture<Update>> calls = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            calls.add(broker.publish(wedding, guest("g" + (i % 10), statuses[i % statuses.length], 1)
                    .toBuilder().setNote("call " + i).build()));
        }
        List<Update> published = calls.stream().map(BrokerContract::result).toList();

        assertThat(seqs(published)).isEqualTo(range(1, total));
        assertThat(published).extracting(update -> update.getAttendance().getNote())
                .containsExactlyElementsOf(LongStream.range(0, total).mapToObj(i -> "call " + i).toList());
        awaitDelivered(wedding, total);
        assertThat(deliveredTo(wedding)).containsExactlyElementsOf(published);
        EventSnapshot snapshot = result(broker.snapshot(wedding));
        assertThat(snapshot.seq()).isEqualTo(total);
        assertThat(snapshot.counts()).isEqualTo(published.get(total - 1).getCounts());
        assertThat(snapshot.guests()).hasSize(10);
    }

    // ------------------------------------------------------------------ helpers

    /** Creates a broker with {@link #newBroker}, starts it with the recording listener and awaits the start. */
    protected final Broker start(int historySize) {
        Broker broker = newBroker(historySize);
        brokers.add(broker);
        result(broker.start(delivered::add));
        return broker;
    }

    /** An event id unique to this test instance: {@code name-<random>}. */
    protected final String event(String name) {
        return name + "-" + runId;
    }

    /** Updates delivered to the listener so far for one event, in delivery order. */
    protected final List<Update> deliveredTo(String eventId) {
        return delivered.stream().filter(update -> update.getEventId().equals(eventId)).toList();
    }

    protected final void awaitDelivered(String eventId, int count) {
        awaiting().untilAsserted(() -> assertThat(deliveredTo(eventId)).hasSizeGreaterThanOrEqualTo(count));
    }

    /** Awaitility checking at once and then every 10 ms, for up to {@link #TIMEOUT}. */
    protected static ConditionFactory awaiting() {
        return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
    }

    /** Fails if {@code condition} becomes false within {@link #QUIET_PERIOD}. */
    protected static void assertStaysTrue(String description, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await(description).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL).during(QUIET_PERIOD).atMost(QUIET_PERIOD.multipliedBy(3)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected to hold for " + QUIET_PERIOD + ": " + description, e);
        }
    }

    protected static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("broker call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            return fail("broker call did not complete within " + TIMEOUT);
        }
    }

    protected static Update publish(Broker broker, String eventId, AttendanceUpdate update) {
        return result(broker.publish(eventId, update));
    }

    /** Publishes one CHECKED_IN update per new guest g1..gN, one at a time. */
    protected static List<Update> publishGuests(Broker broker, String eventId, int count) {
        List<Update> published = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            published.add(publish(broker, eventId, guest("g" + i, GuestStatus.CHECKED_IN, 1)));
        }
        return published;
    }

    protected static AttendanceUpdate guest(String guestId, GuestStatus status, int pax) {
        return AttendanceUpdate.newBuilder()
                .setGuestId(guestId)
                .setGuestName("Guest " + guestId)
                .setStatus(status)
                .setPax(pax)
                .setSource("contract-test")
                .build();
    }

    private static StatusCount status(GuestStatus status, int guests, int pax) {
        return StatusCount.newBuilder().setStatus(status).setGuests(guests).setPax(pax).build();
    }

    private static AttendanceCounts counts(int totalGuests, int totalPax, StatusCount... byStatus) {
        return AttendanceCounts.newBuilder().addAllByStatus(List.of(byStatus)).setTotalGuests(totalGuests).setTotalPax(totalPax).build();
    }

    private static List<Long> seqs(List<Update> updates) {
        return updates.stream().map(Update::getSeq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** The millisecond time in the first 10 characters of a ULID-layout message id. */
    private static Instant messageIdTime(String messageId) {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = millis * 32 + CROCKFORD.indexOf(messageId.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    private static Instant toInstant(Update update) {
        return Instant.ofEpochSecond(update.getPublishedAt().getSeconds(), update.getPublishedAt().getNanos());
    }

    private static String randomSuffix() {
        SplittableRandom random = new SplittableRandom();
        StringBuilder suffix = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            suffix.append(CROCKFORD.charAt(random.nextInt(32)));
        }
        return suffix.toString();
    }
}
