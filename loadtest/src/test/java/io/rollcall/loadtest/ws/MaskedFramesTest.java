package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pre-masked client frames, read back by Netty's server-side decoder (which insists on masked frames). */
class MaskedFramesTest {
    private final EmbeddedChannel server = new EmbeddedChannel(new WebSocket13FrameDecoder(true, false, 1 << 20));

    @AfterEach
    void finish() {
        server.finishAndReleaseAll();
    }

    private WebSocketFrame serverReads(byte[] frame) {
        server.writeInbound(Unpooled.wrappedBuffer(frame));
        return server.readInbound();
    }

    @Test
    void binaryFramesOfEveryLengthFormCarryTheirPayload() {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 125, 126, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);

            WebSocketFrame frame = serverReads(MaskedFrames.encode(MaskedFrames.OPCODE_BINARY, payload));

            assertThat(frame).as("length %d", length).isInstanceOf(BinaryWebSocketFrame.class);
            assertThat(frame.isFinalFragment()).isTrue();
            assertThat(ByteBufUtil.getBytes(frame.content())).as("length %d", length).isEqualTo(payload);
            frame.release();
        }
    }

    @Test
    void theSubprotocolPicksTextOrBinary() {
        byte[] json = "{\"connect\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        WebSocketFrame text = serverReads(Subprotocol.JSON.frame(json));
        WebSocketFrame binary = serverReads(Subprotocol.PROTO.frame(new byte[] {8, 1}));

        assertThat(text).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) text).text()).isEqualTo("{\"connect\":{}}");
        assertThat(binary).isInstanceOf(BinaryWebSocketFrame.class);
        text.release();
        binary.release();
    }

    @Test
    void closeFramesCarryCodeAndReason() {
        CloseWebSocketFrame close = (CloseWebSocketFrame) serverReads(MaskedFrames.close(1000, "load test done"));

        assertThat(close.statusCode()).isEqualTo(1000);
        assertThat(close.reasonText()).isEqualTo("load test done");
        close.release();
    }

    @Test
    void pongsCopyARangeOfABuffer() {
        ByteBuf received = Unpooled.wrappedBuffer(new byte[] {9, 9, 1, 2, 3, 4, 5, 9});

        server.writeInbound(MaskedFrames.encode(ByteBufAllocator.DEFAULT, MaskedFrames.OPCODE_PONG, received, 2, 7));

        PongWebSocketFrame pong = server.readInbound();
        assertThat(ByteBufUtil.getBytes(pong.content())).containsExactly(1, 2, 3, 4, 5);
        pong.release();
    }

    @Test
    void masksWithANonZeroKey() {
        byte[] frame = MaskedFrames.encode(MaskedFrames.OPCODE_BINARY, new byte[] {0, 0, 0, 0});

        assertThat(frame[1] & 0x80).as("mask bit").isNotZero();
        assertThat(java.util.Arrays.copyOfRange(frame, 6, 10)).as("payload on the wire").isEqualTo(MaskedFrames.MASK)
                .isNotEqualTo(new byte[4]);
    }
}
