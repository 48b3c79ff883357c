package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Connected;
import io.rollcall.protocol.Error;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.Pong;
import io.rollcall.protocol.Refreshed;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Subscribed;
import io.rollcall.protocol.Unsubscribed;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every frame here is produced by the server's own JSON encoder ({@link Encoding#JSON}), as a client receives it. */
class JsonFrameReaderTest {
    private final JsonFrameReader reader = new JsonFrameReader();

    private static Update update(long seq, Timestamp occurredAt, String note) {
        AttendanceUpdate.Builder attendance = AttendanceUpdate.newBuilder()
                .setGuestId("g42").setGuestName("Ann Lee").setStatus(GuestStatus.CHECKED_IN).setPax(2).setSource("usher-app")
                .setNote(note).setTable("T7");
        if (occurredAt != null) {
            attendance.setOccurredAt(occurredAt);
        }
        return Update.newBuilder()
                .setEventId("wedding-2026")
                .setEpoch("TXV5VW763EEP")
                .setSeq(seq)
                .setMessageId("01M81EHBDH0701N10TXD606T6Z")
                .setPublishedAt(Timestamp.newBuilder().setSeconds(1_795_000_000L).setNanos(123_000_000))
                .setAttendance(attendance)
                .setCounts(AttendanceCounts.newBuilder()
                        .addByStatus(StatusCount.newBuilder().setStatus(GuestStatus.CHECKED_IN).setGuests(10).setPax(20))
                        .setTotalGuests(10).setTotalPax(20))
                .build();
    }

    /** The server's JSON bytes of {@code frame}: its WebSocket text frame minus the header. */
    private static byte[] serverJson(ServerFrame frame) {
        ByteBuf wire = Encoding.JSON.encode(ByteBufAllocator.DEFAULT, frame);
        try {
            assertThat(wire.getByte(0) & 0x0F).as("text opcode").isEqualTo(0x1);
            int length = wire.getByte(1) & 0x7F;
            int header = length == 126 ? 4 : length == 127 ? 10 : 2;
            byte[] payload = new byte[wire.readableBytes() - header];
            wire.getBytes(header, payload);
            return payload;
        } finally {
            wire.release();
        }
    }

    private static ByteBuf direct(byte[] bytes) {
        ByteBuf buf = Unpooled.directBuffer(bytes.length + 16);
        buf.writeZero(7).writeBytes(bytes).writeZero(9);
        // The payload sits somewhere inside a larger receive buffer, as the lean decoder hands it over.
        return buf;
    }

    private int read(byte[] json) throws InvalidProtocolBufferException {
        ByteBuf buf = direct(json);
        try {
            return reader.read(buf, 7, 7 + json.length);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "nanos {0}")
    @ValueSource(ints = {0, 100_000_000, 123_000_000, 987_654_000, 987_654_321, 1})
    void readsSeqEpochAndOccurredAtOfAnUpdateAsTheServerWritesIt(int nanos) throws Exception {
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(1_795_000_123L).setNanos(nanos).build();
        byte[] json = serverJson(ServerFrame.newBuilder().setUpdate(update(18, occurredAt, "")).build());
        ByteBuf buf = direct(json);
        try {
            assertThat(reader.read(buf, 7, 7 + json.length)).isEqualTo(FrameReader.KIND_UPDATE);
            assertThat(reader.seq()).isEqualTo(18);
            assertThat(reader.epoch(buf)).isEqualTo("TXV5VW763EEP");
            assertThat(reader.hasOccurredAt()).isTrue();
            assertThat(reader.occurredSeconds()).isEqualTo(1_795_000_123L);
            assertThat(reader.occurredNanos()).isEqualTo(nanos);
            assertThat(buf.readerIndex()).as("indices untouched").isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void agreesWithTheProtobufReaderOnRandomUpdates() throws Exception {
        ServerFrameReader proto = new ServerFrameReader();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            long seq = random.nextInt(4) == 0 ? Math.abs(random.nextLong()) : random.nextInt(100_000);
            Timestamp occurredAt = random.nextInt(5) == 0 ? null : Timestamp.newBuilder()
                    .setSeconds(random.nextLong(-62_135_596_800L, 253_402_300_799L)).setNanos(random.nextInt(1_000_000_000)).build();
            ServerFrame frame = ServerFrame.newBuilder().setRequestId(random.nextInt(3)).setUpdate(update(seq, occurredAt, note(random)))
                    .build();

            assertThat(read(serverJson(frame))).isEqualTo(FrameReader.KIND_UPDATE);
            assertThat(proto.read(Unpooled.wrappedBuffer(frame.toByteArray()))).isEqualTo(FrameReader.KIND_UPDATE);
            assertThat(reader.seq()).as("seq of %s", frame).isEqualTo(proto.seq());
            assertThat(reader.hasOccurredAt()).isEqualTo(proto.hasOccurredAt());
            assertThat(reader.occurredSeconds()).as("seconds of %s", frame).isEqualTo(proto.occurredSeconds());
            assertThat(reader.occurredNanos()).as("nanos of %s", frame).isEqualTo(proto.occurredNanos());
        }
    }

    /** Notes that look like the fields being searched for, escapes, braces and non-ASCII text. */
    private static String note(Random random) {
        List<String> tricky = List.of("", "\"seq\":\"999\",\"occurredAt\":\"1999-01-01T00:00:00Z\"", "}}]]{[", "back\\slash\\",
                "quote \" and <html> & 'x'=y", "tab\tnew\nline\u0001", "日本語 ünïcödé \uD83D\uDE00", "\u2028\u2029");
        return tricky.get(random.nextInt(tricky.size()));
    }

    @Test
    void leavesAnEscapedEpochToTheFullParse() throws Exception {
        // The server's encoder escapes '=' (HTML-safe, as Gson does): the scanned bytes are not the epoch.
        ServerFrame frame = ServerFrame.newBuilder().setUpdate(update(3, null, "").toBuilder().setEpoch("a=b\"c")).build();
        byte[] json = serverJson(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(json);

        assertThat(reader.read(buf, 0, json.length)).isEqualTo(FrameReader.KIND_UPDATE);
        assertThat(reader.seq()).isEqualTo(3);
        assertThat(reader.epoch(buf)).isNull();
        assertThat(reader.parse(buf, 0, json.length).getUpdate().getEpoch()).isEqualTo("a=b\"c");
    }

    @Test
    void forgetsTheOccurredAtOfThePreviousFrame() throws Exception {
        read(serverJson(ServerFrame.newBuilder().setUpdate(update(1, Timestamp.newBuilder().setSeconds(5).build(), "")).build()));
        read(serverJson(ServerFrame.newBuilder().setUpdate(update(2, null, "")).build()));
        assertThat(reader.seq()).isEqualTo(2);
        assertThat(reader.hasOccurredAt()).isFalse();
    }

    @Test
    void readsTheFormsTheCanonicalMappingAllowsBesidesTheServers() throws Exception {
        byte[] json = ("{ \"update\" : { \"attendance\" : { \"occurredAt\" : \"2026-11-22T11:00:00.5+01:00\" }, \"seq\" : 42 } }")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(read(json)).isEqualTo(FrameReader.KIND_UPDATE);
        assertThat(reader.seq()).isEqualTo(42);
        assertThat(reader.occurredSeconds()).isEqualTo(java.time.Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());
        assertThat(reader.occurredNanos()).isEqualTo(500_000_000);
    }

    @Test
    void namesTheKindOfEveryControlFrameAndParsesItInFull() throws Exception {
        List<ServerFrame> frames = List.of(
                ServerFrame.newBuilder().setConnected(Connected.newBuilder().setSessionId("s").setNodeId("n")
                        .setHeartbeatIntervalMs(25_000).setTokenExpiresAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))).build(),
                ServerFrame.newBuilder().setRequestId(1).setSubscribed(Subscribed.newBuilder().setEventId("e").setEpoch("x").setSeq(9)
                        .setRecovered(true)).build(),
                ServerFrame.newBuilder().setSnapshot(Snapshot.newBuilder().setEventId("e").setSeq(4).setLastPage(true)
                        .addGuests(AttendanceUpdate.newBuilder().setGuestId("g").setNote("\"update\":{}"))).build(),
                ServerFrame.newBuilder().setRequestId(7).setError(Error.newBuilder().setCode(4403).setMessage("no").setEventId("e"))
                        .build(),
                ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReason("drain").setReconnectAfterMs(10)).build(),
                ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build(),
                ServerFrame.newBuilder().setUnsubscribed(Unsubscribed.newBuilder().setEventId("e")).build(),
                ServerFrame.newBuilder().setRefreshed(Refreshed.getDefaultInstance()).build());
        int[] kinds = {FrameReader.KIND_CONNECTED, FrameReader.KIND_SUBSCRIBED, FrameReader.KIND_SNAPSHOT, FrameReader.KIND_ERROR,
            FrameReader.KIND_GO_AWAY, FrameReader.KIND_PONG, FrameReader.KIND_UNSUBSCRIBED, FrameReader.KIND_REFRESHED};
        for (int i = 0; i < frames.size(); i++) {
            byte[] json = serverJson(frames.get(i));
            assertThat(read(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(kinds[i]);
            assertThat(reader.parse(Unpooled.wrappedBuffer(json), 0, json.length)).isEqualTo(frames.get(i));
        }
        assertThat(read(serverJson(ServerFrame.newBuilder().setRequestId(3).build()))).isEqualTo(FrameReader.KIND_NONE);
        assertThat(read(serverJson(ServerFrame.getDefaultInstance()))).isEqualTo(FrameReader.KIND_NONE);
    }

    @Test
    void rejectsEveryTruncationUpToTheEndOfTheAttendance() throws Exception {
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(1_795_000_123L).setNanos(1).build();
        byte[] json = serverJson(ServerFrame.newBuilder().setUpdate(update(300, occurredAt, "n")).build());
        int countsAt = new String(json, StandardCharsets.UTF_8).indexOf(",\"counts\"");
        assertThat(countsAt).isPositive();
        for (int length = 0; length < countsAt; length++) {
            byte[] truncated = Arrays.copyOf(json, length);
            assertThatThrownBy(() -> read(truncated))
                    .as("truncated to %d of %d bytes", length, json.length)
                    .isInstanceOf(InvalidProtocolBufferException.class);
        }
    }

    @Test
    void rejectsTextThatIsNotAFrameObject() {
        for (String text : List.of("[]", "\"update\"", "{\"update\":[1,2]}", "{\"update\":{\"seq\":\"x\"}}",
                "{\"update\":{\"attendance\":{\"occurredAt\":\"2026-13-01T00:00:00Z\"},\"seq\":\"1\"}}",
                "{\"update\":{\"attendance\":{\"occurredAt\":\"2026-11-01 00:00:00Z\"},\"seq\":\"1\"}}", "{\"requestId\" 1}")) {
            assertThatThrownBy(() -> read(text.getBytes(StandardCharsets.UTF_8))).as(text)
                    .isInstanceOf(InvalidProtocolBufferException.class);
        }
    }
}
