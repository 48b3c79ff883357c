package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Connected;
import io.rollcall.protocol.Error;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.Pong;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Subscribed;
import io.rollcall.protocol.Update;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerFrameReaderTest {
    private final ServerFrameReader reader = new ServerFrameReader();

    private static Update update(long seq, Timestamp occurredAt) {
        AttendanceUpdate.Builder attendance = AttendanceUpdate.newBuilder()
                .setGuestId("g42").setGuestName("Ann Lee").setStatus(GuestStatus.CHECKED_IN).setPax(2).setSource("usher-app")
                .setNote("a note with some length to it").setTable("T7");
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

    private static ByteBuf heap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    private static ByteBuf direct(byte[] bytes) {
        ByteBuf buf = Unpooled.directBuffer(bytes.length + 16);
        buf.writeZero(7).writeBytes(bytes).writeZero(9);
        // The frame payload is a slice somewhere inside a larger buffer, as the WebSocket decoder hands it over.
        return buf.slice(7, bytes.length);
    }

    @ParameterizedTest(name = "seq {0}")
    @ValueSource(longs = {1, 127, 128, 300, 16_384, 2_147_483_648L, Long.MAX_VALUE})
    void readsSeqAndOccurredAtOfAnUpdateAsTheServerEncodesIt(long seq) throws Exception {
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(1_795_000_123L).setNanos(987_654_321).build();
        byte[] bytes = ServerFrame.newBuilder().setUpdate(update(seq, occurredAt)).build().toByteArray();
        for (ByteBuf payload : new ByteBuf[] {heap(bytes), direct(bytes)}) {
            try {
                int readerIndex = payload.readerIndex();
                assertThat(reader.read(payload)).isEqualTo(ServerFrameReader.KIND_UPDATE);
                assertThat(reader.seq()).isEqualTo(seq);
                assertThat(reader.hasOccurredAt()).isTrue();
                assertThat(reader.occurredSeconds()).isEqualTo(1_795_000_123L);
                assertThat(reader.occurredNanos()).isEqualTo(987_654_321);
                assertThat(payload.readerIndex()).as("reader index untouched").isEqualTo(readerIndex);
            } finally {
                payload.release();
            }
        }
    }

    @Test
    void reportsAnUpdateWithoutOccurredAt() throws Exception {
        byte[] bytes = ServerFrame.newBuilder().setUpdate(update(7, null)).build().toByteArray();
        assertThat(reader.read(heap(bytes))).isEqualTo(ServerFrameReader.KIND_UPDATE);
        assertThat(reader.seq()).isEqualTo(7);
        assertThat(reader.hasOccurredAt()).isFalse();
    }

    @Test
    void forgetsTheOccurredAtOfThePreviousFrame() throws Exception {
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(5).setNanos(6).build();
        reader.read(heap(ServerFrame.newBuilder().setUpdate(update(1, occurredAt)).build().toByteArray()));
        reader.read(heap(ServerFrame.newBuilder().setUpdate(update(2, null)).build().toByteArray()));
        assertThat(reader.seq()).isEqualTo(2);
        assertThat(reader.hasOccurredAt()).isFalse();
    }

    @Test
    void readsTimestampsBeforeTheEpochAndZeroFields() throws Exception {
        // seconds < 0 is a 10-byte varint; seq 0 and nanos 0 are absent from the bytes altogether.
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(-62_135_596_800L).build();
        byte[] bytes = ServerFrame.newBuilder().setUpdate(update(0, occurredAt)).build().toByteArray();
        assertThat(reader.read(heap(bytes))).isEqualTo(ServerFrameReader.KIND_UPDATE);
        assertThat(reader.seq()).isZero();
        assertThat(reader.occurredSeconds()).isEqualTo(-62_135_596_800L);
        assertThat(reader.occurredNanos()).isZero();
    }

    @Test
    void findsTheFieldsWhateverTheirOrderAndSkipsUnknownOnes() throws Exception {
        // Hand-written: counts and unknown fields of every wire type before seq, attendance last.
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(1_800_000_000L).setNanos(5).build();
        ByteArrayOutputStream updateBytes = new ByteArrayOutputStream();
        CodedOutputStream update = CodedOutputStream.newInstance(updateBytes);
        update.writeMessage(7, AttendanceCounts.newBuilder().setTotalGuests(3).build());
        update.writeFixed64(99, 123L);
        update.writeFixed32(98, 7);
        update.writeBytes(97, ByteString.copyFromUtf8("unknown"));
        update.writeUInt64(96, 1L << 40);
        update.writeUInt64(3, 555);
        AttendanceUpdate attendance = AttendanceUpdate.newBuilder().setGuestId("g").setOccurredAt(occurredAt)
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(50, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
                .build();
        update.writeMessage(6, attendance);
        update.flush();
        ByteArrayOutputStream frameBytes = new ByteArrayOutputStream();
        CodedOutputStream frame = CodedOutputStream.newInstance(frameBytes);
        frame.writeUInt32(1, 77);
        frame.writeByteArray(13, updateBytes.toByteArray());
        frame.flush();
        byte[] bytes = frameBytes.toByteArray();
        // The generated parser agrees on what these bytes mean.
        assertThat(ServerFrame.parseFrom(bytes).getUpdate().getSeq()).isEqualTo(555);

        assertThat(reader.read(heap(bytes))).isEqualTo(ServerFrameReader.KIND_UPDATE);
        assertThat(reader.seq()).isEqualTo(555);
        assertThat(reader.occurredSeconds()).isEqualTo(1_800_000_000L);
        assertThat(reader.occurredNanos()).isEqualTo(5);
    }

    @Test
    void namesTheKindOfControlFrames() throws Exception {
        assertThat(kindOf(ServerFrame.newBuilder().setConnected(Connected.newBuilder().setSessionId("s").setNodeId("n")).build()))
                .isEqualTo(ServerFrameReader.KIND_CONNECTED);
        assertThat(kindOf(ServerFrame.newBuilder().setRequestId(1)
                .setSubscribed(Subscribed.newBuilder().setEventId("e").setEpoch("x").setSeq(9)).build()))
                .isEqualTo(ServerFrameReader.KIND_SUBSCRIBED);
        assertThat(kindOf(ServerFrame.newBuilder().setSnapshot(Snapshot.newBuilder().setEventId("e").setLastPage(true)
                .addGuests(AttendanceUpdate.newBuilder().setGuestId("g"))).build()))
                .isEqualTo(ServerFrameReader.KIND_SNAPSHOT);
        assertThat(kindOf(ServerFrame.newBuilder().setError(Error.newBuilder().setCode(4003).setMessage("no")).build()))
                .isEqualTo(ServerFrameReader.KIND_ERROR);
        assertThat(kindOf(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReconnectAfterMs(10)).build()))
                .isEqualTo(ServerFrameReader.KIND_GO_AWAY);
        // An empty message still has its field on the wire (tag + zero length).
        assertThat(kindOf(ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build())).isEqualTo(ServerFrameReader.KIND_PONG);
        assertThat(kindOf(ServerFrame.newBuilder().setRequestId(3).build())).isEqualTo(ServerFrameReader.KIND_NONE);
        assertThat(kindOf(ServerFrame.getDefaultInstance())).isEqualTo(ServerFrameReader.KIND_NONE);
    }

    private int kindOf(ServerFrame frame) throws InvalidProtocolBufferException {
        return reader.read(heap(frame.toByteArray()));
    }

    @Test
    void rejectsEveryTruncationOfAnUpdate() throws IOException {
        Timestamp occurredAt = Timestamp.newBuilder().setSeconds(1_795_000_123L).setNanos(1).build();
        byte[] bytes = ServerFrame.newBuilder().setUpdate(update(300, occurredAt)).build().toByteArray();
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> reader.read(heap(truncated)))
                    .as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(InvalidProtocolBufferException.class);
        }
    }

    @Test
    void rejectsBytesThatAreNotProtobuf() {
        assertThatThrownBy(() -> reader.read(heap(new byte[] {0x00, 0x01}))).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> reader.read(heap(new byte[] {(byte) 0x6b, 0x01}))) // field 13, wire type 3 (group)
                .isInstanceOf(InvalidProtocolBufferException.class);
        byte[] endlessVarint = new byte[11];
        Arrays.fill(endlessVarint, (byte) 0xFF);
        endlessVarint[0] = 0x08;
        assertThatThrownBy(() -> reader.read(heap(endlessVarint))).isInstanceOf(InvalidProtocolBufferException.class);
    }
}
