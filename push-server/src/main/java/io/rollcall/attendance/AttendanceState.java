package io.rollcall.attendance;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event's current attendance: the latest update per guest (in first-seen order) and the counts
 * per status. Not thread-safe: the owner serialises access.
 */
public final class AttendanceState {
    private static final GuestStatus[] STATUSES = GuestStatus.values();

    private final Map<String, AttendanceUpdate> guests = new LinkedHashMap<>();
    private final int[] guestsByStatus = new int[STATUSES.length];
    private final int[] paxByStatus = new int[STATUSES.length];
    private List<AttendanceUpdate> guestList;
    private AttendanceCounts counts;

    /** Applies an already validated update. */
    public void apply(AttendanceUpdate update) {
        AttendanceUpdate previous = guests.put(update.getGuestId(), update);
        if (previous != null) {
            add(previous, -1);
        }
        add(update, 1);
        guestList = null;
        counts = null;
    }

    private void add(AttendanceUpdate update, int sign) {
        int status = update.getStatusValue();
        guestsByStatus[status] += sign;
        paxByStatus[status] += sign * update.getPax();
    }

    public AttendanceCounts counts() {
        if (counts == null) {
            AttendanceCounts.Builder builder = AttendanceCounts.newBuilder();
            int totalGuests = 0;
            int totalPax = 0;
            for (GuestStatus status : STATUSES) {
                if (status == GuestStatus.UNRECOGNIZED) {
                    continue;
                }
                int n = guestsByStatus[status.getNumber()];
                if (n > 0) {
                    int pax = paxByStatus[status.getNumber()];
                    builder.addByStatus(StatusCount.newBuilder().setStatus(status).setGuests(n).setPax(pax));
                    totalGuests += n;
                    totalPax += pax;
                }
            }
            counts = builder.setTotalGuests(totalGuests).setTotalPax(totalPax).build();
        }
        return counts;
    }

    /** An immutable copy of the guest records, cached until the next update. */
    public List<AttendanceUpdate> guests() {
        if (guestList == null) {
            guestList = List.copyOf(guests.values());
        }
        return guestList;
    }

    public int size() {
        return guests.size();
    }
}
