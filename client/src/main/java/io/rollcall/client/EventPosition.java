package io.rollcall.client;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.Subscribed;
import io.rollcall.protocol.Update;
import java.util.ArrayList;
import java.util.List;

/**
 * One event's position (epoch and the last seq applied) and the assembly of snapshot pages.
 * Client event loop only.
 */
final class EventPosition {
    final String eventId;
    final EventListener listener;
    volatile String epoch = "";
    volatile long seq;
    private List<AttendanceUpdate> pages;

    EventPosition(String eventId, EventListener listener) {
        this.eventId = eventId;
        this.listener = listener;
    }

    /** For frames about an event nobody here watches any more (e.g. after unsubscribe). */
    static EventPosition ignored(String eventId) {
        return new EventPosition(eventId, new EventListener() {
            @Override
            public void onSnapshot(String id, String epoch, long seq, io.rollcall.protocol.AttendanceCounts counts,
                    List<AttendanceUpdate> guests) {}

            @Override
            public void onUpdate(Update update) {}
        });
    }

    void subscribed(Subscribed subscribed) {
        pages = subscribed.getRecovered() ? null : new ArrayList<>();
    }

    void snapshotPage(Snapshot page) {
        if (pages == null) {
            pages = new ArrayList<>();
        }
        pages.addAll(page.getGuestsList());
        if (page.getLastPage()) {
            List<AttendanceUpdate> guests = List.copyOf(pages);
            pages = null;
            epoch = page.getEpoch();
            seq = page.getSeq();
            listener.onSnapshot(eventId, page.getEpoch(), page.getSeq(), page.getCounts(), guests);
        }
    }

    /** Applies an update in order; false when it does not follow the position (a gap). */
    boolean apply(Update update) {
        boolean sameHistory = epoch.equals(update.getEpoch()) || (epoch.isEmpty() && seq == 0);
        if (sameHistory && update.getSeq() <= seq) {
            return true;
        }
        if (!sameHistory || update.getSeq() != seq + 1) {
            return false;
        }
        epoch = update.getEpoch();
        seq = update.getSeq();
        listener.onUpdate(update);
        return true;
    }
}
