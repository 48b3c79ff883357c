package io.rollcall.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written Redis JSON reader and writer must agree with {@code JsonFormat}, which they
 * replaced on the publish and delivery paths. Checked over random messages (seeded, so a failure
 * reproduces) printed every way {@code JsonFormat} prints them, with unknown fields and nulls mixed
 * in, and over what the Lua library writes.
 */
class EnvelopesTest {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer[] PRINTERS = {
        JsonFormat.printer().omittingInsignificantWhitespace(),
        JsonFormat.printer(),
        JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace(),
        JsonFormat.printer().printingEnumsAsInts(),
    };
    private static final char[] TRICKY = {
        '"', '\\', '/', '\t', '\b', '\n', '\r', '\f', '\0', '\u0001', '\u001f', '\u007f', '<', '>', '&', '\'', 'é', '€',
        '\u2028', '\u2029', '\ufeff', '\ud83d', '\ude00',
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void readsRandomEnvelopesAsJsonFormatDoes(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            Update update = randomUpdate(random);
            for (JsonFormat.Printer printer : PRINTERS) {
                String json = withUnknownFields(printer.print(update), random);
                assertThat(Envelopes.update(json)).as(json).isEqualTo(parsed(json, Update.newBuilder()));
                if (update.hasAttendance()) {
                    String attendance = printer.print(update.getAttendance());
                    assertThat(Envelopes.attendance(attendance)).as(attendance).isEqualTo(parsed(attendance, AttendanceUpdate.newBuilder()));
                }
                String counts = printer.print(update.getCounts());
                assertThat(Envelopes.counts(counts)).as(counts).isEqualTo(parsed(counts, AttendanceCounts.newBuilder()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void writesUpdatesThatJsonFormatReadsBackUnchanged(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            AttendanceUpdate update = randomAttendance(random);
            String json = Envelopes.json(update);
            assertThat(parsed(json, AttendanceUpdate.newBuilder())).as(json).isEqualTo(update);
        }
    }

    @Test
    void writesTheFieldsInJsonFormatsOrderAndForm() throws Exception {
        AttendanceUpdate update = AttendanceUpdate.newBuilder().setGuestId("g-17").setGuestName("Ann \"A\" Lee").setStatus(GuestStatus.CHECKED_IN)
                .setPax(2).setSource("usher-app").setOccurredAt(Timestamp.newBuilder().setSeconds(1_795_000_000L).setNanos(120_000_000))
                .setNote("n").setTable("7").build();
        assertThat(Envelopes.json(update)).isEqualTo(JsonFormat.printer().omittingInsignificantWhitespace().print(update));
    }

    @Test
    void readsWhatTheFunctionLibraryPublishes() {
        String envelope = "{\"eventId\":\"wedding-2026\",\"epoch\":\"01K0VG9V3HN1\",\"seq\":\"1\",\"messageId\":\"01M81HEYA9FVGVJAN0N1F4C60T\","
                + "\"publishedAt\":\"2026-11-22T11:49:59.753Z\",\"attendance\":{\"guestId\":\"g-17\",\"guestName\":\"Ann Lee\","
                + "\"status\":\"CHECKED_IN\",\"pax\":2,\"source\":\"usher-app\"},\"counts\":{\"byStatus\":[{\"status\":\"CHECKED_IN\","
                + "\"guests\":1,\"pax\":2}],\"totalGuests\":1,\"totalPax\":2}}";

        Update update = Envelopes.update(envelope);

        assertThat(update.getSeq()).isEqualTo(1);
        assertThat(update.getMessageId()).isEqualTo("01M81HEYA9FVGVJAN0N1F4C60T");
        assertThat(update.getAttendance().getStatus()).isEqualTo(GuestStatus.CHECKED_IN);
        assertThat(update.getCounts().getByStatus(0)).isEqualTo(StatusCount.newBuilder().setStatus(GuestStatus.CHECKED_IN).setGuests(1)
                .setPax(2).build());
        assertThat(update.getPublishedAt().getNanos()).isEqualTo(753_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T11:49:59Z", "2026-11-22T11:49:59.7Z", "2026-11-22T11:49:59.753Z", "2026-11-22T11:49:59.123456789Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z", "2026-11-22T13:49:59+02:00",
        "2026-11-22T11:49:59.5-01:30", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T11:60:00Z",
        "2026-11-22T11:49:60Z", "0000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T11:49:59.Z", "2026-11-22T11:49:59.1234567890Z",
        "2026-11-22T11:49:59xZ", "2026-11-22 11:49:59Z", "2026-1a-22T11:49:59Z", "yesterday", "2026-11-22T11:49:59.75 Z"})
    void readsTimestampsAsProtobufDoes(String text) {
        Object expected;
        try {
            expected = com.google.protobuf.util.Timestamps.parse(text);
        } catch (java.text.ParseException e) {
            expected = "refused";
        }
        Object actual;
        try {
            actual = EnvelopeReader.timestamp(text);
        } catch (java.text.ParseException e) {
            actual = "refused";
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void leavesAnEnumNameItDoesNotKnowUnsetAsJsonFormatDoes() throws Exception {
        String json = "{\"guestId\":\"g\",\"status\":\"ON_THE_MOON\",\"pax\":1}";
        assertThat(Envelopes.attendance(json)).isEqualTo(parsed(json, AttendanceUpdate.newBuilder())).extracting(AttendanceUpdate::getStatusValue)
                .isEqualTo(0);
    }

    @Test
    void refusesJsonThatIsNotAnEnvelope() {
        for (String bad : new String[] {"", "[]", "{\"seq\":\"x\"}", "{\"seq\":\"-1\"}", "{\"publishedAt\":\"yesterday\"}", "{\"eventId\":\"a\"",
                "{\"eventId\":\"a\"} {}", "{\"attendance\":[1]}", "{\"counts\":{\"totalPax\":1.5}}"}) {
            assertThatThrownBy(() -> Envelopes.update(bad)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("unreadable JSON from Redis: ");
        }
    }

    @Test
    void refusesDeepNestingBeforeReading() {
        String deep = "{\"future\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThatThrownBy(() -> Envelopes.update(deep)).isInstanceOf(IllegalStateException.class).hasMessageContaining("nested deeper");
    }

    private static <T extends Message> Message parsed(String json, Message.Builder builder) throws Exception {
        PARSER.merge(json, builder);
        return builder.build();
    }

    /** Adds unknown members (scalars, nulls, nested objects and arrays) at the start of every object. */
    private static String withUnknownFields(String json, Random random) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            out.append(c);
            if (inString) {
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' && random.nextBoolean()) {
                out.append(switch (random.nextInt(4)) {
                    case 0 -> "\"futureField\":1";
                    case 1 -> "\"futureNull\":null";
                    case 2 -> "\"future\":{\"a\":[1,{\"b\":\"}\"}],\"c\":true}";
                    default -> "\"futureList\":[[],{},\"x\"]";
                });
                if (json.substring(i + 1).stripLeading().charAt(0) != '}') {
                    out.append(',');
                }
            }
        }
        return out.toString();
    }

    private static Update randomUpdate(Random random) {
        Update.Builder update = Update.newBuilder().setEventId(randomString(random, 64)).setEpoch(randomString(random, 16))
                .setSeq(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1_000_000)).setMessageId(randomString(random, 26));
        if (random.nextBoolean()) {
            update.setPublishedAt(randomTimestamp(random));
        }
        if (random.nextInt(5) > 0) {
            update.setAttendance(randomAttendance(random));
        }
        if (random.nextInt(5) > 0) {
            AttendanceCounts.Builder counts = AttendanceCounts.newBuilder().setTotalGuests(randomUnsigned(random))
                    .setTotalPax(randomUnsigned(random));
            for (int i = random.nextInt(9); i > 0; i--) {
                counts.addByStatus(StatusCount.newBuilder().setStatusValue(randomEnum(random)).setGuests(randomUnsigned(random))
                        .setPax(randomUnsigned(random)));
            }
            update.setCounts(counts);
        }
        return update.build();
    }

    private static AttendanceUpdate randomAttendance(Random random) {
        AttendanceUpdate.Builder attendance = AttendanceUpdate.newBuilder().setGuestId(randomString(random, 64))
                .setGuestName(randomString(random, 200)).setStatusValue(randomEnum(random)).setPax(randomUnsigned(random))
                .setSource(randomString(random, 64)).setNote(randomString(random, 500)).setTable(randomString(random, 32));
        if (random.nextBoolean()) {
            attendance.setOccurredAt(randomTimestamp(random));
        }
        return attendance.build();
    }

    /** Empty a third of the time; otherwise ASCII mixed with characters that need escaping or are not ASCII. */
    private static String randomString(Random random, int maxLength) {
        if (random.nextInt(3) == 0) {
            return "";
        }
        int length = 1 + random.nextInt(maxLength);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(10) < 7 ? (char) (' ' + random.nextInt(95)) : TRICKY[random.nextInt(TRICKY.length)]);
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
