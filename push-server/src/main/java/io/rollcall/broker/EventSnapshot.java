package io.rollcall.broker;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import java.util.List;

/**
 * An event's state as of {@code seq}: counts and the latest record per guest. An event nobody has
 * published to yet has an empty epoch and seq 0.
 */
public record EventSnapshot(String eventId, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests) {
    public EventSnapshot {
        guests = List.copyOf(guests);
    }

    public static EventSnapshot empty(String eventId) {
        return new EventSnapshot(eventId, "", 0, io.rollcall.protocol.AttendanceCounts.getDefaultInstance(), List.of());
    }
}
