package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.Frames;
import io.rollcall.transport.Encoding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnapshotFramesTest {
    private static final int PAGE_SIZE = 2;

    private final SnapshotFrames cache = new SnapshotFrames(PAGE_SIZE, SnapshotFrames.DEFAULT_BUDGET_BYTES);

    private static EventSnapshot snapshot(String eventId, long seq, int guests) {
        List<AttendanceUpdate> records = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            records.add(AttendanceUpdate.newBuilder().setGuestId("g" + i).setGuestName("Guest " + i).setStatus(GuestStatus.CHECKED_IN)
                    .setPax(1).build());
        }
        return new EventSnapshot(eventId, "epoch-1", seq, AttendanceCounts.newBuilder().setTotalGuests(guests).build(), records);
    }

    private static List<ServerFrame> decode(List<byte[]> frames) {
        return frames.stream().map(frame -> Frames.decode(Unpooled.wrappedBuffer(frame))).toList();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void the_frames_are_the_snapshot_split_into_pages(Encoding encoding) {
        List<ServerFrame> pages = decode(cache.frames(snapshot("gala", 7, 5), encoding));

        assertThat(pages).hasSize(3).allSatisfy(frame -> {
            assertThat(frame.getRequestId()).isZero();
            assertThat(frame.getSnapshot().getEventId()).isEqualTo("gala");
            assertThat(frame.getSnapshot().getEpoch()).isEqualTo("epoch-1");
            assertThat(frame.getSnapshot().getSeq()).isEqualTo(7);
            assertThat(frame.getSnapshot().getCounts().getTotalGuests()).isEqualTo(5);
        });
        assertThat(pages).extracting(frame -> frame.getSnapshot().getPageIndex()).containsExactly(0, 1, 2);
        assertThat(pages).extracting(frame -> frame.getSnapshot().getLastPage()).containsExactly(false, false, true);
        assertThat(pages).flatExtracting(frame -> frame.getSnapshot().getGuestsList())
                .extracting(AttendanceUpdate::getGuestId).containsExactly("g0", "g1", "g2", "g3", "g4");
    }

    @Test
    void an_event_with_no_guests_still_gets_one_last_page() {
        List<ServerFrame> pages = decode(cache.frames(snapshot("quiet", 0, 0), Encoding.PROTO));

        assertThat(pages).singleElement().satisfies(frame -> assertThat(frame.getSnapshot().getLastPage()).isTrue());
    }

    @Test
    void the_same_snapshot_is_encoded_once_per_encoding() {
        List<byte[]> first = cache.frames(snapshot("gala", 7, 5), Encoding.PROTO);

        assertThat(cache.frames(snapshot("gala", 7, 5), Encoding.PROTO)).isSameAs(first);
        assertThat(cache.frames(snapshot("gala", 7, 5), Encoding.JSON)).isNotSameAs(first);
    }

    @Test
    void a_newer_snapshot_replaces_the_cached_one() {
        cache.frames(snapshot("gala", 7, 5), Encoding.PROTO);
        long sevenBytes = cache.cachedBytes();

        List<ServerFrame> pages = decode(cache.frames(snapshot("gala", 8, 6), Encoding.PROTO));

        assertThat(pages).allSatisfy(frame -> assertThat(frame.getSnapshot().getSeq()).isEqualTo(8));
        assertThat(cache.cachedBytes()).as("the old frames are no longer counted").isGreaterThan(sevenBytes).isLessThan(2 * sevenBytes);
    }

    @Test
    void past_the_budget_the_cache_starts_over() {
        SnapshotFrames small = new SnapshotFrames(PAGE_SIZE, 1_000);
        List<byte[]> first = small.frames(snapshot("a", 1, 4), Encoding.PROTO);
        for (int i = 0; i < 20; i++) {
            small.frames(snapshot("event-" + i, 1, 4), Encoding.PROTO);
            assertThat(small.cachedBytes()).isLessThanOrEqualTo(1_000);
        }

        List<byte[]> again = small.frames(snapshot("a", 1, 4), Encoding.PROTO);
        assertThat(again).as("encoded again").isNotSameAs(first);
        assertThat(decode(again)).isEqualTo(decode(first));
    }

    @Test
    void a_snapshot_larger_than_the_budget_is_encoded_but_not_kept() {
        SnapshotFrames tiny = new SnapshotFrames(PAGE_SIZE, 10);

        List<byte[]> frames = tiny.frames(snapshot("gala", 1, 4), Encoding.PROTO);

        assertThat(decode(frames)).hasSize(2);
        assertThat(tiny.cachedBytes()).isZero();
    }
}
