package io.rollcall.broker.memory;

import io.rollcall.attendance.AttendanceState;
import io.rollcall.attendance.MessageIds;
import io.rollcall.broker.Catchup;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import com.google.protobuf.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One event in the memory broker: seq, epoch, bounded history and state. Thread-safe: every
 * method is synchronized, so publishes are sequenced and delivered in seq order.
 */
final class EventLog {
    private final String eventId;
    private final int historySize;
    private final ArrayDeque<Update> history;
    private final AttendanceState state = new AttendanceState();
    private String epoch = "";
    private long seq;

    EventLog(String eventId, int historySize) {
        this.eventId = eventId;
        this.historySize = historySize;
        this.history = new ArrayDeque<>(Math.min(historySize, 1024));
    }

    /** Sequences the update and hands it to {@code sink} before the next publish can start. */
    synchronized Update append(AttendanceUpdate attendance, long nowMillis, java.util.function.Consumer<Update> sink) {
        if (epoch.isEmpty()) {
            epoch = MessageIds.shortId();
        }
        state.apply(attendance);
        Update update = Update.newBuilder()
                .setEventId(eventId)
                .setEpoch(epoch)
                .setSeq(++seq)
                .setMessageId(MessageIds.next(nowMillis))
                .setPublishedAt(Timestamp.newBuilder().setSeconds(nowMillis / 1000).setNanos((int) (nowMillis % 1000) * 1_000_000))
                .setAttendance(attendance)
                .setCounts(state.counts())
                .build();
        if (history.size() == historySize) {
            history.removeFirst();
        }
        history.addLast(update);
        sink.accept(update);
        return update;
    }

    synchronized Catchup catchUp(String clientEpoch, long sinceSeq) {
        if (clientEpoch.isEmpty() || !clientEpoch.equals(epoch) || sinceSeq > seq) {
            return new Catchup.Reset(snapshot());
        }
        long oldestAvailable = history.isEmpty() ? seq + 1 : history.peekFirst().getSeq();
        if (sinceSeq + 1 < oldestAvailable) {
            return new Catchup.Reset(snapshot());
        }
        List<Update> missed = new ArrayList<>((int) (seq - sinceSeq));
        Iterator<Update> newestFirst = history.descendingIterator();
        while (newestFirst.hasNext()) {
            Update update = newestFirst.next();
            if (update.getSeq() <= sinceSeq) {
                break;
            }
            missed.add(update);
        }
        java.util.Collections.reverse(missed);
        return new Catchup.Replay(epoch, seq, missed);
    }

    synchronized EventSnapshot snapshot() {
        return new EventSnapshot(eventId, epoch, seq, state.counts(), state.guests());
    }
}
