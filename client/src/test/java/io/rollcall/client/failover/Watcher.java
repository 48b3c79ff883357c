package io.rollcall.client.failover;

import io.rollcall.client.EventListener;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import io.rollcall.testing.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One simulated user watching one event: checks on arrival that each update is the next seq and
 * carries the guest the publisher sent with it, and records when the client asked for a token,
 * which it does once per (re)connect. Listener methods run on the client's event loop; the
 * results are read by the test thread, hence the synchronization.
 */
final class Watcher implements EventListener, Supplier<String> {
    private static final int MAX_PROBLEMS = 5;

    final String eventId;
    private final String subject;
    private final List<Long> tokenRequestNanos = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long lastSeq = -1;
    private int snapshots;
    private int updates;

    Watcher(String subject, String eventId) {
        this.subject = subject;
        this.eventId = eventId;
    }

    /** The guest id the publisher puts in the update that gets {@code seq}. */
    static String guestFor(long seq) {
        return "g-" + seq;
    }

    @Override
    public synchronized String get() {
        tokenRequestNanos.add(System.nanoTime());
        return Tokens.watch(subject, eventId);
    }

    @Override
    public synchronized void onSnapshot(String event, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests) {
        snapshots++;
        if (guests.size() != seq) {
            problem("snapshot as of seq " + seq + " holds " + guests.size() + " guests");
        }
        lastSeq = seq;
    }

    @Override
    public synchronized void onUpdate(Update update) {
        updates++;
        if (update.getSeq() != lastSeq + 1) {
            problem("seq " + update.getSeq() + " after " + lastSeq);
        } else if (!update.getAttendance().getGuestId().equals(guestFor(update.getSeq()))) {
            problem("seq " + update.getSeq() + " carries guest " + update.getAttendance().getGuestId());
        }
        lastSeq = update.getSeq();
    }

    @Override
    public synchronized void onError(int code, String message) {
        problem("error " + code + ": " + message);
    }

    private void problem(String description) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(subject + "/" + eventId + ": " + description);
        }
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized int snapshots() {
        return snapshots;
    }

    synchronized int updates() {
        return updates;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** When the client asked for a token for a reconnect (every request after the first). */
    synchronized List<Long> reconnectNanos() {
        return tokenRequestNanos.size() <= 1 ? List.of() : List.copyOf(tokenRequestNanos.subList(1, tokenRequestNanos.size()));
    }
}
