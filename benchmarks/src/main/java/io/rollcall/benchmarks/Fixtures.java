package io.rollcall.benchmarks;

import com.google.protobuf.Timestamp;
import io.rollcall.attendance.MessageIds;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Update;

/** Realistic frames for the benchmarks: an usher's check-in update as the broker delivers it. */
final class Fixtures {
    static final String EVENT_ID = "wedding-2026-06-14-lisbon";

    private static final long PUBLISHED_AT_MILLIS = 1_781_440_200_123L;

    private Fixtures() {}

    /** A live update envelope for {@link #EVENT_ID}, as the broker hands it to the hub. */
    static Update update(Payload payload, long seq) {
        long occurredAt = PUBLISHED_AT_MILLIS - 350;
        AttendanceUpdate attendance = AttendanceUpdate.newBuilder()
                .setGuestId("guest-000417")
                .setGuestName("Maria Fernanda dos Santos Oliveira")
                .setStatus(GuestStatus.CHECKED_IN)
                .setPax(2)
                .setSource("usher-app")
                .setOccurredAt(timestamp(occurredAt))
                .setNote(note(payload.noteLength))
                .setTable("12")
                .build();
        AttendanceCounts counts = AttendanceCounts.newBuilder()
                .addByStatus(status(GuestStatus.INVITED, 37, 52))
                .addByStatus(status(GuestStatus.ATTENDING, 118, 201))
                .addByStatus(status(GuestStatus.MAYBE, 9, 14))
                .addByStatus(status(GuestStatus.DECLINED, 21, 25))
                .addByStatus(status(GuestStatus.CHECKED_IN, 64, 117))
                .setTotalGuests(249)
                .setTotalPax(409)
                .build();
        return Update.newBuilder()
                .setEventId(EVENT_ID)
                .setEpoch("7Q2M9XK4TBC1")
                .setSeq(seq)
                .setMessageId(MessageIds.next(PUBLISHED_AT_MILLIS))
                .setPublishedAt(timestamp(PUBLISHED_AT_MILLIS))
                .setAttendance(attendance)
                .setCounts(counts)
                .build();
    }

    /** A client's subscribe with a resume position. */
    static ClientFrame subscribe() {
        return ClientFrame.newBuilder()
                .setRequestId(7)
                .setSubscribe(Subscribe.newBuilder()
                        .setEventId(EVENT_ID)
                        .setEpoch("7Q2M9XK4TBC1")
                        .setSinceSeq(1_204))
                .build();
    }

    private static StatusCount status(GuestStatus status, int guests, int pax) {
        return StatusCount.newBuilder().setStatus(status).setGuests(guests).setPax(pax).build();
    }

    private static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
    }

    /** Plain text with some non-ASCII, as hosts type it. */
    private static String note(int length) {
        String words = "Chegou com a avó; precisa de cadeira perto da saída, mesa sem glúten. ";
        StringBuilder note = new StringBuilder(length);
        while (note.length() < length) {
            note.append(words, 0, Math.min(words.length(), length - note.length()));
        }
        return note.toString();
    }
}
