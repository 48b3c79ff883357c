package io.rollcall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.limits.FrameFilter;
import io.rollcall.protocol.ClientFrame;

/**
 * Any bytes a client sends as a frame either decode into a frame with a kind (which the field
 * filter then judges without failing) or are refused with {@link MalformedFrameException}:
 * nothing else may escape the decoders. Regression inputs: {@code ClientFrameFuzzTestInputs/}.
 */
class ClientFrameFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void proto_frames_decode_or_are_refused(byte[] bytes) {
        decode(Encoding.PROTO, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    @FuzzTest(maxDuration = "1m")
    void json_frames_decode_or_are_refused(byte[] bytes) {
        decode(Encoding.JSON, new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    private static void decode(Encoding encoding, WebSocketFrame frame) {
        try {
            ClientFrame decoded = encoding.decode(frame);
            assertThat(decoded.getKindCase()).isNotEqualTo(ClientFrame.KindCase.KIND_NOT_SET);
            FrameFilter.problem(decoded);
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } finally {
            frame.release();
        }
    }
}
