package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.config.ServerConfig;
import io.rollcall.metrics.ServerMetrics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundRateLimiterTest {
    private static final int BURST = 3;
    private final ServerMetrics metrics = new ServerMetrics();
    private final OverloadMonitor overload = new OverloadMonitor(
            new ServerConfig.Overload(Duration.ofSeconds(1), Duration.ofSeconds(1), 90, 1000), metrics, () -> 0);
    // Refills a token per microsecond normally, one per second when overloaded: the burst decides.
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new InboundRateLimiter(new ServerConfig.InboundRate(1_000_000, BURST, 1), overload, metrics));

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

    @Test
    void http_requests_before_the_upgrade_are_not_counted() {
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
            FullHttpRequest request = channel.readInbound();
            request.release();
        }
        assertThat(passes(frame())).isTrue();
    }

    @Test
    void while_overloaded_a_connection_past_its_burst_is_closed_and_counted() {
        overload.evaluate(new OverloadMonitor.Load(0, 0, 5000));
        for (int i = 0; i < BURST; i++) {
            assertThat(passes(frame())).isTrue();
        }
        assertThat(passes(frame())).isFalse();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("rollcall_connections_closed_total{reason=\"rate_limited\"} 1.0");
    }

    @Test
    void at_the_normal_rate_the_bucket_refills_between_frames() {
        overload.evaluate(new OverloadMonitor.Load(0, 0, 0));
        int passed = 0;
        for (int i = 0; i < 10 * BURST; i++) {
            passed += passes(frame()) ? 1 : 0;
        }
        assertThat(passed).isGreaterThan(BURST);
    }
}
