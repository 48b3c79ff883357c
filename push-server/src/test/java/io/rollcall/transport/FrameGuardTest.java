package io.rollcall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.config.ServerConfig;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.limits.OverloadStates;
import io.rollcall.metrics.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameGuardTest {
    private static final int BURST = 3;
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private final ServerMetrics metrics = new ServerMetrics();
    private final OverloadMonitor overload = new OverloadMonitor(
            new ServerConfig.Overload(Duration.ofSeconds(1), Duration.ofSeconds(1), 90, 1000), metrics, () -> 0);
    // Refills a token per microsecond normally, one per second when overloaded: the burst decides.
    private final EmbeddedChannel channel = new EmbeddedChannel();

    FrameGuardTest() {
        // Only elapse() moves the clock.
        channel.freezeTime();
        channel.pipeline().addLast(new FrameGuard(new ServerConfig.InboundRate(1_000_000, BURST, 1), overload, metrics, HEARTBEAT));
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private boolean passes(WebSocketFrame frame) {
        channel.writeInbound(frame);
        WebSocketFrame forwarded = channel.readInbound();
        if (forwarded == null) {
            assertThat(frame.refCnt()).as("a dropped frame is released").isZero();
            return false;
        }
        forwarded.release();
        return true;
    }

    private static WebSocketFrame frame() {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    /** Lets {@code millis} pass on the channel's clock and runs the timers that came due. */
    private void elapse(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void while_overloaded_a_connection_past_its_burst_is_closed_and_counted() {
        OverloadStates.set(overload, true);
        for (int i = 0; i < BURST; i++) {
            assertThat(passes(frame())).isTrue();
        }
        assertThat(passes(frame())).isFalse();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("rollcall_connections_closed_total{reason=\"rate_limited\"} 1.0");
    }

    @Test
    void at_the_normal_rate_the_bucket_refills_between_frames() {
        OverloadStates.set(overload, false);
        int passed = 0;
        for (int i = 0; i < 10 * BURST; i++) {
            channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            passed += passes(frame()) ? 1 : 0;
        }
        assertThat(passed).isEqualTo(10 * BURST);
    }

    @Test
    void a_silent_peer_is_pinged_after_one_interval_and_closed_after_the_next() {
        elapse(HEARTBEAT.toMillis() - 1);
        assertThat((Object) channel.readOutbound()).isNull();
        elapse(1);
        PingWebSocketFrame ping = channel.readOutbound();
        assertThat(ping).isNotNull();
        ping.release();
        assertThat(channel.isOpen()).isTrue();
        elapse(HEARTBEAT.toMillis());
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void any_frame_is_a_sign_of_life() {
        elapse(HEARTBEAT.toMillis());
        ((PingWebSocketFrame) channel.readOutbound()).release();
        elapse(HEARTBEAT.toMillis() / 2);
        assertThat(passes(new PongWebSocketFrame())).isTrue();
        // A full interval after the pong: pinged again rather than closed.
        elapse(HEARTBEAT.toMillis() - 1);
        assertThat(channel.isOpen()).isTrue();
        assertThat((Object) channel.readOutbound()).isNull();
        elapse(1);
        ((PingWebSocketFrame) channel.readOutbound()).release();
        assertThat(channel.isOpen()).isTrue();
    }
}
