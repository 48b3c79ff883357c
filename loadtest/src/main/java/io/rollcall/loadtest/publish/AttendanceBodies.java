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

    static String json(long index, long intendedNanoTime, int guests) {
        long guest = index % guests;
        String status = STATUSES[(int) ((index / guests) % STATUSES.length)];
        return "{\"guestId\":\"g" + guest + "\",\"guestName\":\"Guest " + guest + "\",\"status\":\"" + status
                + "\",\"pax\":" + (1 + guest % 4) + ",\"source\":\"loadtest\",\"occurredAt\":\"" + WallClock.toInstant(intendedNanoTime)
                + "\"}";
    }
}
