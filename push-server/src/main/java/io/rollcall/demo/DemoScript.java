package io.rollcall.demo;

import com.google.protobuf.Timestamp;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What happens next at the demo wedding, one update at a time: late RSVPs early on, then arrivals
 * that start slowly and speed up as the ceremony nears. When nobody else is coming, the round ends
 * and the next one starts from the opening RSVPs again.
 * Not thread-safe: one player thread drives it.
 */
final class DemoScript {
    private static final long SLOWEST_STEP_MILLIS = 1500;
    private static final long FASTEST_STEP_MILLIS = 180;

    private final List<AttendanceUpdate> opening;
    private final Map<String, AttendanceUpdate> current = new LinkedHashMap<>();
    private final Random random;
    private int round;
    private int stepInRound;

    DemoScript(List<AttendanceUpdate> opening, long seed) {
        this.opening = List.copyOf(opening);
        this.random = new Random(seed);
        opening.forEach(guest -> current.put(guest.getGuestId(), guest));
    }

    /** The opening state, to publish once before the first step. */
    List<AttendanceUpdate> opening() {
        return opening;
    }

    /** The next update to publish, or null when the round is over (call {@link #nextRound}). */
    AttendanceUpdate next(Instant now) {
        stepInRound++;
        List<AttendanceUpdate> undecided = withStatus(GuestStatus.INVITED, GuestStatus.MAYBE);
        List<AttendanceUpdate> expected = withStatus(GuestStatus.ATTENDING);
        double rsvpShare = Math.max(0.05, 0.5 - stepInRound / 200.0);
        AttendanceUpdate update;
        if (!undecided.isEmpty() && (expected.isEmpty() || random.nextDouble() < rsvpShare)) {
            AttendanceUpdate guest = pick(undecided);
            double answer = random.nextDouble();
            GuestStatus status = answer < 0.7 ? GuestStatus.ATTENDING : answer < 0.85 ? GuestStatus.DECLINED
                    : guest.getStatus() == GuestStatus.MAYBE ? GuestStatus.DECLINED : GuestStatus.MAYBE;
            update = change(guest, status, "rsvp-site", now);
        } else if (!expected.isEmpty()) {
            update = change(pick(expected), GuestStatus.CHECKED_IN, "usher-app", now);
        } else {
            return null;
        }
        current.put(update.getGuestId(), update);
        return update;
    }

    /** The pause before the next step: long at first, short as arrivals peak. */
    Duration pause() {
        double progress = Math.min(1.0, stepInRound / (double) opening.size());
        long millis = (long) (SLOWEST_STEP_MILLIS - (SLOWEST_STEP_MILLIS - FASTEST_STEP_MILLIS) * Math.sqrt(progress));
        return Duration.ofMillis(millis / 2 + random.nextInt((int) millis));
    }

    /** Starts over: every guest back to the opening answers (the updates to publish). */
    List<AttendanceUpdate> nextRound(Instant now) {
        round++;
        stepInRound = 0;
        List<AttendanceUpdate> reset = new ArrayList<>();
        for (AttendanceUpdate guest : opening) {
            if (!current.get(guest.getGuestId()).getStatus().equals(guest.getStatus())) {
                AttendanceUpdate again = change(guest, guest.getStatus(), "rsvp-site", now);
                reset.add(again);
                current.put(again.getGuestId(), again);
            }
        }
        return reset;
    }

    int round() {
        return round;
    }

    private List<AttendanceUpdate> withStatus(GuestStatus... statuses) {
        List<AttendanceUpdate> matching = new ArrayList<>();
        for (AttendanceUpdate guest : current.values()) {
            for (GuestStatus status : statuses) {
                if (guest.getStatus() == status) {
                    matching.add(guest);
                }
            }
        }
        return matching;
    }

    private AttendanceUpdate pick(List<AttendanceUpdate> guests) {
        return guests.get(random.nextInt(guests.size()));
    }

    private static AttendanceUpdate change(AttendanceUpdate guest, GuestStatus status, String source, Instant now) {
        return guest.toBuilder().setStatus(status).setSource(source)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())).build();
    }
}
