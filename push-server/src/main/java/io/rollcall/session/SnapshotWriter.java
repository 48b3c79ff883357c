package io.rollcall.session;

import io.rollcall.broker.EventSnapshot;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Snapshot;
import java.util.List;
import java.util.function.Consumer;

/** Splits an event snapshot into pages of at most {@code pageSize} guests. Thread-safe. */
final class SnapshotWriter {
    private final int pageSize;

    SnapshotWriter(int pageSize) {
        this.pageSize = pageSize;
    }

    void write(EventSnapshot snapshot, Consumer<ServerFrame.Builder> out) {
        List<AttendanceUpdate> guests = snapshot.guests();
        int pages = Math.max(1, (guests.size() + pageSize - 1) / pageSize);
        for (int page = 0; page < pages; page++) {
            List<AttendanceUpdate> slice = guests.subList(page * pageSize, Math.min(guests.size(), (page + 1) * pageSize));
            out.accept(ServerFrame.newBuilder().setSnapshot(Snapshot.newBuilder()
                    .setEventId(snapshot.eventId())
                    .setEpoch(snapshot.epoch())
                    .setSeq(snapshot.seq())
                    .setCounts(snapshot.counts())
                    .addAllGuests(slice)
                    .setPageIndex(page)
                    .setLastPage(page == pages - 1)));
        }
    }
}
