package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.config.ServerConfig;
import io.rollcall.config.Setting;
import io.rollcall.hub.Hub;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.limits.UpgradeGate;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.SessionContext;
import io.rollcall.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The upgrade gate in front of the WebSocket handshake. */
class HttpRouterTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private EmbeddedChannel channel;

    @BeforeEach
    void router() {
        router(Map.of(Setting.JWT_SECRET, Tokens.SECRET));
    }

    private void router(Map<Setting, String> settings) {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        ServerConfig config = ServerConfig.of(settings);
        MemoryBroker broker = new MemoryBroker(10, Clock.systemUTC());
        channel = new EmbeddedChannel();
        JwtVerifier verifier = new JwtVerifier(config.auth().jwtSecret(), Duration.ZERO, Clock.systemUTC());
        SessionContext context = new SessionContext(config, broker,
                new Hub(broker, ByteBufAllocator.DEFAULT, metrics, channel.eventLoop(), Duration.ZERO), verifier, metrics);
        UpgradeGate gate = new UpgradeGate(config.limits().admission(),
                new OverloadMonitor(config.limits().overload(), new ServerMetrics(), () -> 0));
        channel.pipeline().addLast(new HttpRouter(context, new AttendanceApi(broker, verifier, metrics), gate));
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private FullHttpRequest upgrade(String subprotocols) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13").set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
        if (subprotocols != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocols);
        }
        return request;
    }

    private FullHttpResponse response() {
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).isNotNull();
        return response;
    }

    @Test
    void an_upgrade_offering_one_of_our_subprotocols_passes_to_the_handshake() {
        channel.writeInbound(upgrade("chat, rollcall.v1.json"));
        FullHttpRequest forwarded = channel.readInbound();
        assertThat(forwarded.uri()).isEqualTo("/ws");
        forwarded.release();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"chat", "rollcall.v2.proto"})
    void an_upgrade_without_a_known_subprotocol_is_refused_with_400_closed_and_counted(String offered) {
        channel.writeInbound(upgrade(offered));
        FullHttpResponse response = response();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("unsupported_subprotocol", "rollcall.v1.proto");
        response.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("rollcall_handshakes_rejected_total{reason=\"unsupported_subprotocol\"} 1.0");
    }

    @Test
    void a_plain_get_of_the_websocket_path_gets_426() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws"));
        FullHttpResponse response = response();
        assertThat(response.status().code()).isEqualTo(426);
        response.release();
    }

    @Test
    void an_upgrade_from_an_origin_not_allowed_is_refused_with_403_before_the_handshake() {
        router(Map.of(Setting.JWT_SECRET, Tokens.SECRET, Setting.ALLOWED_ORIGINS, "https://app.example"));
        FullHttpRequest request = upgrade("rollcall.v1.json");
        request.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example");
        channel.writeInbound(request);
        FullHttpResponse response = response();
        assertThat(response.status().code()).isEqualTo(403);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("origin_refused");
        response.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(metrics.scrape()).contains("rollcall_handshakes_rejected_total{reason=\"origin_refused\"} 1.0");
    }

    @Test
    void an_upgrade_from_an_allowed_origin_passes_whatever_its_case() {
        router(Map.of(Setting.JWT_SECRET, Tokens.SECRET, Setting.ALLOWED_ORIGINS, "https://app.example, http://localhost:3000"));
        FullHttpRequest request = upgrade("rollcall.v1.json");
        request.headers().set(HttpHeaderNames.ORIGIN, "https://App.Example");
        channel.writeInbound(request);
        FullHttpRequest forwarded = channel.readInbound();
        assertThat(forwarded).isNotNull();
        forwarded.release();
    }
}
