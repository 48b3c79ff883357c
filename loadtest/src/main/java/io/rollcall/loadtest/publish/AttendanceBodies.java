package io.rollcall.loadtest.publish;

import io.rollcall.loadtest.support.WallClock;

/**
 * The JSON bodies of published updates. Update {@code i} is about guest {@code i mod guests}, so an
 * event's state (and snapshot) stays bounded however long the run; its {@code occurredAt} is the
 * update's intended send time, which subscribers subtract from their receive time. Thread-safe.
 */
final class AttendanceBodies {
    private static final String[] STATUSES = {"ATTENDING", "CHECKED_IN", "CHECKED_OUT", "MAYBE", "DECLINED", "INVITED"};

    private AttendanceBodies() {}

    /** The longest note the server accepts. */
    static final int MAX_NOTE_CHARS = 500;
    private static final String NOTE = "x".repeat(MAX_NOTE_CHARS);

    static String json(long index, long intendedNanoTime, int guests) {
        return json(index, intendedNanoTime, guests, 0);
    }

    /** As {@link #json(long, long, int)}, with a note of {@code noteChars} characters to make the update bigger. */
    static String json(long index, long intendedNanoTime, int guests, int noteChars) {
        long guest = index % guests;
        String status = STATUSES[(int) ((index / guests) % STATUSES.length)];
        return "{\"guestId\":\"g" + guest + "\",\"guestName\":\"Guest " + guest + "\",\"status\":\"" + status
                + "\",\"pax\":" + (1 + guest % 4) + ",\"source\":\"loadtest\","
                + (noteChars > 0 ? "\"note\":\"" + NOTE.substring(0, noteChars) + "\"," : "") + "\"occurredAt\":\"" + WallClock.toInstant(intendedNanoTime)
                + "\"}";
    }
}
