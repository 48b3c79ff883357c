package io.rollcall.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.Ping;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Update;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncodingTest {

    private static ServerFrame updateWithNote(int noteLength) {
        return ServerFrame.newBuilder().setUpdate(Update.newBuilder().setEventId("e").setEpoch("EP").setSeq(7).setMessageId("M")
                .setAttendance(AttendanceUpdate.newBuilder().setGuestId("g").setStatus(GuestStatus.ATTENDING).setNote("n".repeat(noteLength))))
                .build();
    }

    /** Every length class of the frame header (7-bit, 16-bit, 64-bit) decodes with Netty's own client-side decoder. */
    @ParameterizedTest
    @ValueSource(ints = {0, 100, 125, 126, 1_000, 65_535, 65_536, 200_000})
    void encoded_frames_are_valid_websocket_frames_of_any_length(int noteLength) throws Exception {
        for (Encoding encoding : Encoding.values()) {
            ServerFrame frame = updateWithNote(noteLength);
            ByteBuf bytes = encoding.encode(ByteBufAllocator.DEFAULT, frame);
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                    WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
            assertThat(client.writeInbound(bytes)).isTrue();
            WebSocketFrame decoded = client.readInbound();
            try {
                if (encoding == Encoding.PROTO) {
                    assertThat(decoded).isInstanceOf(BinaryWebSocketFrame.class);
                    assertThat(ServerFrame.parseFrom(decoded.content().nioBuffer())).isEqualTo(frame);
                } else {
                    assertThat(decoded).isInstanceOf(TextWebSocketFrame.class);
                    ServerFrame.Builder parsed = ServerFrame.newBuilder();
                    JsonFormat.parser().merge(((TextWebSocketFrame) decoded).text(), parsed);
                    assertThat(parsed.build()).isEqualTo(frame);
                }
                assertThat(decoded.isFinalFragment()).isTrue();
            } finally {
                decoded.release();
            }
            assertThat(client.finish()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void a_client_frame_round_trips_through_its_subprotocols_frame_type(Encoding encoding) throws Exception {
        ClientFrame frame = ClientFrame.newBuilder().setRequestId(3)
                .setSubscribe(Subscribe.newBuilder().setEventId("gala").setEpoch("EP").setSinceSeq(12)).build();
        WebSocketFrame wire = encoding == Encoding.PROTO ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray()))
                : new TextWebSocketFrame(JsonFormat.printer().print(frame));
        try {
            assertThat(encoding.decode(wire)).isEqualTo(frame);
        } finally {
            wire.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void the_other_subprotocols_frame_type_is_malformed(Encoding encoding) {
        byte[] ping = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray();
        WebSocketFrame wrong = encoding == Encoding.PROTO ? new TextWebSocketFrame("{\"ping\":{}}")
                : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ping));
        try {
            assertThatThrownBy(() -> encoding.decode(wrong)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("expected");
        } finally {
            wrong.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"connect\":", "null", "{\"ping\":{},\"nope\":1}", "{\"subscribe\":{\"eventId\":5,\"sinceSeq\":\"x\"}}"})
    void malformed_json_frames_are_refused(String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        try {
            assertThatThrownBy(() -> Encoding.JSON.decode(frame)).isInstanceOf(MalformedFrameException.class);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"connect\":\"eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig\"}", "{\"subscribe\":{\"eventId\":\"x\",\"sinceSeq\":\"eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig\"}}",
            "{\"refresh\":{\"token\":{\"eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig\":1}}}"})
    void a_malformed_frame_error_does_not_echo_the_token_it_carried(String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        try {
            assertThatThrownBy(() -> Encoding.JSON.decode(frame)).isInstanceOf(MalformedFrameException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("eyJhbGciOiJIUzI1NiJ9"));
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ff", "0a", "5202", "a2060208"})
    void malformed_or_empty_protobuf_frames_are_refused(String hex) {
        BinaryWebSocketFrame frame = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(io.netty.buffer.ByteBufUtil.decodeHexDump(hex)));
        try {
            assertThatThrownBy(() -> Encoding.PROTO.decode(frame)).isInstanceOf(MalformedFrameException.class);
        } finally {
            frame.release();
        }
    }

    @org.junit.jupiter.api.Test
    void json_frames_use_the_canonical_mapping_names() {
        ByteBuf bytes = Encoding.JSON.encode(ByteBufAllocator.DEFAULT, updateWithNote(0));
        try {
            String json = bytes.toString(2, bytes.readableBytes() - 2, StandardCharsets.UTF_8);
            assertThat(json).isEqualTo("{\"update\":{\"eventId\":\"e\",\"epoch\":\"EP\",\"seq\":\"7\",\"messageId\":\"M\","
                    + "\"attendance\":{\"guestId\":\"g\",\"status\":\"ATTENDING\"}}}");
        } finally {
            bytes.release();
        }
    }
}
