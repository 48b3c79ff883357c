package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both subprotocols' framing, as the server speaks them. */
class EncodingTest {

    @Test
    void json_frames_are_text_with_camel_case_names_and_64_bit_numbers_as_strings() throws Exception {
        WebSocketFrame frame = Encoding.JSON.encode(ClientFrame.newBuilder()
                .setSubscribe(Subscribe.newBuilder().setEventId("wedding").setEpoch("E1").setSinceSeq(42)).build());
        try {
            assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
            assertThat(frame.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"subscribe\":{\"eventId\":\"wedding\",\"epoch\":\"E1\",\"sinceSeq\":\"42\"}}");
        } finally {
            frame.release();
        }
    }

    @Test
    void json_server_frames_decode_and_tolerate_fields_added_later() throws Exception {
        TextWebSocketFrame frame = new TextWebSocketFrame(
                "{\"update\":{\"eventId\":\"w\",\"epoch\":\"E1\",\"seq\":\"18\",\"attendance\":{\"guestId\":\"g\",\"status\":\"CHECKED_IN\"},"
                        + "\"someFutureField\":1}}");
        try {
            ServerFrame decoded = Encoding.JSON.decode(frame);
            assertThat(decoded.getUpdate().getSeq()).isEqualTo(18);
            assertThat(decoded.getUpdate().getAttendance().getStatus().name()).isEqualTo("CHECKED_IN");
        } finally {
            frame.release();
        }
    }

    @Test
    void a_data_frame_of_the_other_kind_is_ignored() throws Exception {
        BinaryWebSocketFrame binary = new BinaryWebSocketFrame();
        TextWebSocketFrame text = new TextWebSocketFrame("{}");
        try {
            assertThat(Encoding.JSON.decode(binary)).isNull();
            assertThat(Encoding.PROTO.decode(text)).isNull();
        } finally {
            binary.release();
            text.release();
        }
    }
}
