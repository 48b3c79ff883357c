package io.rollcall.client;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import java.util.List;

/**
 * Receives one event's view. Called on the client's event loop thread, in order: a snapshot
 * (whenever the view must be rebuilt: first subscribe, or history lost), then updates with seq
 * strictly increasing by one. Must not block.
 */
public interface EventListener {

    /** The event's full state as of {@code seq}; replaces anything held before. */
    void onSnapshot(String eventId, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests);

    /** The next update (seq = previous + 1). */
    void onUpdate(Update update);

    /**
     * The server refused a request about this event (e.g. forbidden), or closed the connection with
     * a code that blames the client, after which the client no longer reconnects; see docs/protocol.md.
     */
    default void onError(int code, String message) {}
}
