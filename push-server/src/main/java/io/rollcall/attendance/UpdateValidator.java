package io.rollcall.attendance;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;

/**
 * Checks an {@link AttendanceUpdate} against the contract in docs/protocol.md and normalises it
 * (pax 0 becomes 1). The same rules are enforced by the Redis function. Thread-safe.
 */
public final class UpdateValidator {
    public static final int MAX_GUEST_ID = 64;
    public static final int MAX_GUEST_NAME = 200;
    public static final int MAX_SOURCE = 64;
    public static final int MAX_NOTE = 500;
    public static final int MAX_TABLE = 32;
    public static final int MAX_PAX = 100;

    private UpdateValidator() {}

    /** Returns the normalised update, or throws {@link InvalidUpdateException} naming the bad field. */
    public static AttendanceUpdate validate(AttendanceUpdate update) {
        String guestId = update.getGuestId();
        if (guestId.isEmpty()) {
            throw new InvalidUpdateException("guestId", "missing (expected: 1.." + MAX_GUEST_ID + " characters)");
        }
        checkLength("guestId", guestId, MAX_GUEST_ID);
        checkLength("guestName", update.getGuestName(), MAX_GUEST_NAME);
        checkLength("source", update.getSource(), MAX_SOURCE);
        checkLength("note", update.getNote(), MAX_NOTE);
        checkLength("table", update.getTable(), MAX_TABLE);
        GuestStatus status = update.getStatus();
        if (status == GuestStatus.STATUS_UNSPECIFIED || status == GuestStatus.UNRECOGNIZED) {
            throw new InvalidUpdateException("status", "missing or unknown (expected: one of INVITED, ATTENDING, MAYBE, "
                    + "DECLINED, CHECKED_IN, CHECKED_OUT, NO_SHOW)");
        }
        // pax is uint32 on the wire: values from 2^31 arrive as negative ints.
        if (Integer.compareUnsigned(update.getPax(), MAX_PAX) > 0) {
            throw new InvalidUpdateException("pax", Integer.toUnsignedString(update.getPax()) + " (expected: 0.." + MAX_PAX + ")");
        }
        return update.getPax() == 0 ? update.toBuilder().setPax(1).build() : update;
    }

    private static void checkLength(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidUpdateException(field, value.length() + " characters (expected: at most " + max + ")");
        }
    }
}
