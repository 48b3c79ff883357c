package io.rollcall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written update encoder must write exactly what {@code JsonFormat} writes: clients parse
 * it with any JSON library, and the docs show {@code JsonFormat}'s output. Checked over random
 * updates (seeded, so a failure reproduces) that mix absent and present fields, every string
 * escape, non-ASCII and broken surrogates, unknown enum numbers, unsigned 32/64-bit values and
 * every timestamp precision.
 */
class UpdateJsonWriterTest {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    /** Characters that stress escaping and UTF-8: controls, HTML-sensitive, line separators, surrogates. */
    private static final char[] TRICKY = {
        '"', '\\', '/', '\t', '\b', '\n', '\r', '\f', '\0', '\u0001', '\u001f', '\u007f', '<', '>', '&', '=', '\'',
        '\u0080', '\u009f', 'é', 'ß', '\u07ff', '\u0800', '€', '\u2028', '\u2029', '\ufeff', '\uffff',
        '\ud83d', '\ude00', '\udbff', '\udfff',
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void random_updates_encode_exactly_as_JsonFormat_prints_them(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            ServerFrame frame = ServerFrame.newBuilder()
                    .setRequestId(random.nextInt(4) == 0 ? random.nextInt() : 0)
                    .setUpdate(randomUpdate(random))
                    .build();
            assertEncodesLikeJsonFormat(frame);
        }
    }

    @Test
    void an_empty_update_and_extreme_values_encode_as_JsonFormat_prints_them() throws Exception {
        assertEncodesLikeJsonFormat(ServerFrame.newBuilder().setUpdate(Update.getDefaultInstance()).build());
        assertEncodesLikeJsonFormat(ServerFrame.newBuilder().setUpdate(Update.newBuilder()
                .setSeq(-1) // 2^64 - 1 as uint64
                .setPublishedAt(Timestamp.newBuilder().setSeconds(-62_135_596_800L))
                .setAttendance(AttendanceUpdate.newBuilder().setPax(-1).setStatusValue(-5)
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(253_402_300_799L).setNanos(999_999_999)))
                .setCounts(AttendanceCounts.newBuilder().addByStatus(StatusCount.getDefaultInstance())
                        .setTotalGuests(Integer.MIN_VALUE).setTotalPax(Integer.MAX_VALUE)))
                .build());
    }

    @Test
    void frames_it_does_not_cover_still_encode_through_JsonFormat() throws Exception {
        ServerFrame goAway = ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReason("drain <now>").setReconnectAfterMs(250)).build();
        ServerFrame outOfRange = ServerFrame.newBuilder().setUpdate(Update.newBuilder().setEventId("e")
                .setPublishedAt(Timestamp.newBuilder().setSeconds(1).setNanos(-1))).build();
        assertThat(UpdateJsonWriter.covers(goAway)).isFalse();
        assertThat(UpdateJsonWriter.covers(outOfRange)).isFalse();
        assertEncodesLikeJsonFormat(goAway);
    }

    private static void assertEncodesLikeJsonFormat(ServerFrame frame) throws Exception {
        byte[] json = PRINTER.print(frame).getBytes(StandardCharsets.UTF_8);
        ByteBuf expected = WebSocketFrames.allocate(ByteBufAllocator.DEFAULT, WebSocketFrames.OPCODE_TEXT, json.length).writeBytes(json);
        ByteBuf actual = Encoding.JSON.encode(ByteBufAllocator.DEFAULT, frame);
        try {
            assertThat(ByteBufUtil.getBytes(actual))
                    .as("frame %s", PRINTER.print(frame))
                    .isEqualTo(ByteBufUtil.getBytes(expected));
        } finally {
            expected.release();
            actual.release();
        }
    }

    private static Update randomUpdate(Random random) {
        Update.Builder update = Update.newBuilder()
                .setEventId(randomString(random, 64))
                .setEpoch(randomString(random, 16))
                .setSeq(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000))
                .setMessageId(randomString(random, 26));
        if (random.nextBoolean()) {
            update.setPublishedAt(randomTimestamp(random));
        }
        if (random.nextInt(5) > 0) {
            AttendanceUpdate.Builder attendance = AttendanceUpdate.newBuilder()
                    .setGuestId(randomString(random, 64))
                    .setGuestName(randomString(random, 200))
                    .setStatusValue(randomEnum(random))
                    .setPax(randomUnsigned(random))
                    .setSource(randomString(random, 64))
                    .setNote(randomString(random, 500))
                    .setTable(randomString(random, 32));
            if (random.nextBoolean()) {
                attendance.setOccurredAt(randomTimestamp(random));
            }
            update.setAttendance(attendance);
        }
        if (random.nextInt(5) > 0) {
            AttendanceCounts.Builder counts = AttendanceCounts.newBuilder()
                    .setTotalGuests(randomUnsigned(random))
                    .setTotalPax(randomUnsigned(random));
            for (int i = random.nextInt(9); i > 0; i--) {
                counts.addByStatus(StatusCount.newBuilder().setStatusValue(randomEnum(random))
                        .setGuests(randomUnsigned(random)).setPax(randomUnsigned(random)));
            }
            update.setCounts(counts);
        }
        return update.build();
    }

    /** Empty (omitted) a third of the time; otherwise plain ASCII mixed with tricky characters. */
    private static String randomString(Random random, int maxLength) {
        if (random.nextInt(3) == 0) {
            return "";
        }
        int length = 1 + random.nextInt(maxLength);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                s.append((char) (' ' + random.nextInt(95)));
            } else if (kind < 9) {
                s.append(TRICKY[random.nextInt(TRICKY.length)]);
            } else {
                s.appendCodePoint(random.nextInt(0x110000));
            }
        }
        return s.toString();
    }

    /** Known statuses mostly; sometimes a number this build does not know, or the default 0. */
    private static int randomEnum(Random random) {
        int kind = random.nextInt(10);
        return kind < 7 ? random.nextInt(8) : kind < 9 ? 8 + random.nextInt(100) : -random.nextInt(1000);
    }

    private static int randomUnsigned(Random random) {
        int kind = random.nextInt(4);
        return kind == 0 ? 0 : kind == 1 ? random.nextInt() : random.nextInt(1_000);
    }

    private static Timestamp randomTimestamp(Random random) {
        long seconds = -62_135_596_800L + (long) (random.nextDouble() * (253_402_300_799L + 62_135_596_800L));
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }
}
