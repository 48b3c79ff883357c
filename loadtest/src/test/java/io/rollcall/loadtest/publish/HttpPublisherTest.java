package io.rollcall.loadtest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.rollcall.attendance.UpdateValidator;
import io.rollcall.loadtest.support.WallClock;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import org.junit.jupiter.api.Test;

class HttpPublisherTest {

    @Test
    void readsTheSeqOfAPublishReply() {
        assertThat(HttpPublisher.seqOf("{\"eventId\":\"ev1\",\"seq\":1234,\"epoch\":\"X\",\"messageId\":\"Y\"}")).isEqualTo(1234);
        assertThat(HttpPublisher.seqOf("{\"seq\": 7}")).isEqualTo(7);
    }

    @Test
    void saysWhenAReplyHasNoSeq() {
        assertThat(HttpPublisher.seqOf("{\"error\":\"unavailable\"}")).isEqualTo(-1);
        assertThat(HttpPublisher.seqOf("{\"seq\":null}")).isEqualTo(-1);
    }

    @Test
    void padsTheNoteToMakeBiggerUpdates() throws Exception {
        AttendanceUpdate.Builder parsed = AttendanceUpdate.newBuilder();
        JsonFormat.parser().merge(AttendanceBodies.json(3, System.nanoTime(), 10, 120), parsed);
        assertThat(parsed.getNote()).hasSize(120);
        assertThat(AttendanceBodies.json(3, System.nanoTime(), 10, 0)).doesNotContain("note");
    }

    @Test
    void writesBodiesTheServerAcceptsWithTheIntendedTimeAsOccurredAt() throws Exception {
        long intended = System.nanoTime();
        AttendanceUpdate.Builder parsed = AttendanceUpdate.newBuilder();
        JsonFormat.parser().merge(AttendanceBodies.json(205, intended, 200), parsed);
        AttendanceUpdate update = UpdateValidator.validate(parsed.build());
        assertThat(update.getGuestId()).isEqualTo("g5");
        assertThat(update.getStatus()).isEqualTo(GuestStatus.CHECKED_IN);
        assertThat(WallClock.fromEpoch(update.getOccurredAt().getSeconds(), update.getOccurredAt().getNanos())).isEqualTo(intended);
    }
}
