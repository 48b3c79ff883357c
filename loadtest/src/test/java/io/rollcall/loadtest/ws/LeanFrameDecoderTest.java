package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeanFrameDecoderTest {
    private final List<String> events = new ArrayList<>();
    private final LeanFrameDecoder.Listener listener = new LeanFrameDecoder.Listener() {
        @Override
        public void onMessage(ByteBuf buf, int from, int to, long receivedNanoTime) {
            events.add("data " + ByteBufUtil.hexDump(buf, from, to - from));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code + " " + reason);
        }

        @Override
        public void onProtocolError(String message) {
            events.add("error " + message);
        }
    };
    /** Client side: the lean decoder alone, as in the real pipeline (it masks its pongs itself). */
    private final EmbeddedChannel client = new EmbeddedChannel(new LeanFrameDecoder(listener, 1 << 20, false));

    @AfterEach
    void finish() {
        client.finishAndReleaseAll();
    }

    /** Frames as a server writes them: unmasked. */
    private static ByteBuf serverBytes(WebSocketFrame... frames) {
        EmbeddedChannel server = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        ByteBuf all = Unpooled.buffer();
        for (WebSocketFrame frame : frames) {
            server.writeOutbound(frame);
        }
        for (ByteBuf part; (part = server.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        server.finish();
        return all;
    }

    private static BinaryWebSocketFrame binary(int size, int fill) {
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) fill);
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload));
    }

    @Test
    void handsOverEveryBinaryPayloadOfOneRead() {
        client.writeInbound(serverBytes(binary(3, 1), binary(200, 2), binary(70_000, 3)));

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo("data 010101");
        assertThat(events.get(1)).isEqualTo("data " + "02".repeat(200));
        assertThat(events.get(2)).isEqualTo("data " + "03".repeat(70_000));
    }

    @Test
    void reassemblesFramesSplitAcrossReadsAtEveryByte() {
        ByteBuf bytes = serverBytes(binary(5, 7), binary(300, 8), binary(1, 9));
        int total = bytes.readableBytes();
        for (int cut = 1; cut < total; cut++) {
            events.clear();
            client.writeInbound(bytes.retainedSlice(0, cut));
            client.writeInbound(bytes.retainedSlice(cut, total - cut));
            assertThat(events).as("split at byte %d", cut)
                    .containsExactly("data " + "07".repeat(5), "data " + "08".repeat(300), "data 09");
        }
        bytes.release();
    }

    @Test
    void answersPingsWithMaskedPongsCarryingTheSamePayload() {
        client.writeInbound(serverBytes(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))));

        ByteBuf written = client.readOutbound();
        EmbeddedChannel server = new EmbeddedChannel(new WebSocket13FrameDecoder(true, false, 1024));
        server.writeInbound(written);
        PongWebSocketFrame pong = server.readInbound();
        assertThat(ByteBufUtil.getBytes(pong.content())).containsExactly(1, 2, 3);
        pong.release();
        server.finishAndReleaseAll();
        assertThat(events).isEmpty();
    }

    @Test
    void reportsTheCloseCodeAndReason() {
        client.writeInbound(serverBytes(new CloseWebSocketFrame(4008, "slow consumer")));

        assertThat(events).containsExactly("close 4008 slow consumer");
    }

    @Test
    void refusesWhatARollcallServerNeverSends() {
        client.writeInbound(serverBytes(new TextWebSocketFrame("{}")));
        assertThat(events).containsExactly("error text frame on the binary subprotocol");

        events.clear();
        EmbeddedChannel other = new EmbeddedChannel(new LeanFrameDecoder(listener, 1 << 20, false));
        other.writeInbound(serverBytes(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1})),
                new ContinuationWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {2}))));
        assertThat(events).containsExactly("error fragmented frame (opcode 2)");
        other.finishAndReleaseAll();
    }

    @Test
    void onTheTextSubprotocolHandsOverTextPayloadsAndRefusesBinaryOnes() {
        EmbeddedChannel text = new EmbeddedChannel(new LeanFrameDecoder(listener, 1 << 20, true));
        text.writeInbound(serverBytes(new TextWebSocketFrame("{}"), new TextWebSocketFrame("[1]")));
        assertThat(events).containsExactly("data 7b7d", "data 5b315d");

        events.clear();
        text.writeInbound(serverBytes(binary(2, 1)));
        assertThat(events).containsExactly("error binary frame on the text subprotocol");
        text.finishAndReleaseAll();
    }

    @Test
    void refusesMaskedAndOversizedFrames() {
        EmbeddedChannel masker = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        masker.writeOutbound(binary(4, 1));
        ByteBuf masked = masker.readOutbound();
        masker.finish();
        client.writeInbound(masked);
        assertThat(events).containsExactly("error masked frame from the server");

        events.clear();
        EmbeddedChannel small = new EmbeddedChannel(new LeanFrameDecoder(listener, 100, false));
        small.writeInbound(serverBytes(binary(101, 1)));
        assertThat(events).containsExactly("error frame of 101 bytes (expected: at most 100)");
        small.finishAndReleaseAll();
    }
}
