package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpgradeHandlerTest {
    private static final UpgradeRequest REQUEST = new UpgradeRequest(URI.create("ws://127.0.0.1:8080/ws"), "rollcall.v1.proto");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final List<String> events = new ArrayList<>();
    private final UpgradeHandler.Listener listener = new UpgradeHandler.Listener() {
        @Override
        public void onUpgraded() {
            events.add("upgraded");
        }

        @Override
        public void onUpgradeFailed(String reason) {
            events.add("failed " + reason);
        }

        @Override
        public void onMessage(ByteBuf buf, int from, int to, long receivedNanoTime) {
            events.add("data " + ByteBufUtil.hexDump(buf, from, to - from));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code);
        }

        @Override
        public void onProtocolError(String message) {
            events.add("error " + message);
        }
    };
    private final EmbeddedChannel client = new EmbeddedChannel(new UpgradeHandler(REQUEST, listener, TIMEOUT_NANOS, 1 << 20, false));

    @AfterEach
    void finish() {
        client.finishAndReleaseAll();
    }

    private static ByteBuf bytes(byte[] bytes, int from, int to) {
        return Unpooled.copiedBuffer(bytes, from, to - from);
    }

    @Test
    void writesThePreEncodedRequestWhenActive() {
        ByteBuf written = client.readOutbound();

        assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo(new String(REQUEST.bytes(), StandardCharsets.US_ASCII))
                .startsWith("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n").contains("Sec-WebSocket-Protocol: rollcall.v1.proto\r\n");
        written.release();
    }

    @Test
    void upgradesOnAValid101SplitByteByByteAndPassesOnTheFramesBehindIt() {
        byte[] answer = UpgradeResponseTest.realServerAnswer(REQUEST);
        byte[] withFrame = new byte[answer.length + 3];
        System.arraycopy(answer, 0, withFrame, 0, answer.length);
        withFrame[answer.length] = (byte) 0x82;
        withFrame[answer.length + 1] = 1;
        withFrame[answer.length + 2] = 0x2a;

        for (int i = 0; i < answer.length + 1; i++) {
            client.writeInbound(bytes(withFrame, i, i + 1));
        }
        assertThat(events).containsExactly("upgraded");
        client.writeInbound(bytes(withFrame, answer.length + 1, withFrame.length));

        assertThat(events).containsExactly("upgraded", "data 2a");
        assertThat(client.pipeline().get(UpgradeHandler.class)).isNull();
        assertThat(client.pipeline().get(UpgradeHandler.DECODER_NAME)).isInstanceOf(LeanFrameDecoder.class);
    }

    @Test
    void handsAFrameInTheSameReadAsTheHeadToTheDecoder() {
        byte[] answer = UpgradeResponseTest.realServerAnswer(REQUEST);

        client.writeInbound(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(answer), Unpooled.wrappedBuffer(new byte[] {(byte) 0x82, 2, 7, 8})));

        assertThat(events).containsExactly("upgraded", "data 0708");
    }

    @Test
    void reportsARefusalOnceAndIgnoresWhatFollows() {
        client.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\n", StandardCharsets.US_ASCII));
        client.writeInbound(Unpooled.copiedBuffer("\r\n", StandardCharsets.US_ASCII));
        client.writeInbound(Unpooled.copiedBuffer("more", StandardCharsets.US_ASCII));

        assertThat(events).containsExactly("failed upgrade refused: 503 Service Unavailable (Retry-After: 2)");
    }

    @Test
    void failsWhenNoAnswerComesBeforeTheDeadline() {
        // The deadline was set when the channel became active, just before the clock stopped here.
        client.freezeTime();
        client.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 101 Switching", StandardCharsets.US_ASCII));
        client.advanceTimeBy(TIMEOUT_NANOS - TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();
        assertThat(events).isEmpty();

        client.advanceTimeBy(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();

        assertThat(events).containsExactly("failed handshake timeout");
    }

    @Test
    void cancelsTheDeadlineOnceUpgraded() {
        client.writeInbound(Unpooled.wrappedBuffer(UpgradeResponseTest.realServerAnswer(REQUEST)));
        client.advanceTimeBy(2 * TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();

        assertThat(events).containsExactly("upgraded");
    }
}
