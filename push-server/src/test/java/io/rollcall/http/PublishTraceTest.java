package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With {@code io.rollcall.trace} at DEBUG, the node logs each accepted update's message id; at INFO it logs nothing per publish. */
class PublishTraceTest {
    private final Logger trace = (Logger) LoggerFactory.getLogger("io.rollcall.trace");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        levelBefore = trace.getLevel();
        logged.start();
        trace.addAppender(logged);
        ServerConfig config = ServerConfig.of(Map.of(Setting.JWT_SECRET, Tokens.SECRET));
        ServerMetrics metrics = new ServerMetrics();
        MemoryBroker broker = new MemoryBroker(10, Clock.systemUTC());
        channel = new EmbeddedChannel();
        JwtVerifier verifier = new JwtVerifier(config.auth().jwtSecret(), Duration.ZERO, Clock.systemUTC());
        SessionContext context = new SessionContext(config, broker,
                new Hub(broker, ByteBufAllocator.DEFAULT, metrics, channel.eventLoop(), Duration.ZERO), verifier, metrics);
        UpgradeGate gate = new UpgradeGate(config.limits().admission(), new OverloadMonitor(config.limits().overload(), metrics, () -> 0));
        channel.pipeline().addLast(new HttpRouter(context, new AttendanceApi(broker, verifier, metrics), gate));
    }

    @AfterEach
    void stop() {
        trace.detachAppender(logged);
        trace.setLevel(levelBefore);
        channel.finishAndReleaseAll();
    }

    @Test
    void at_debug_the_accepted_update_is_logged_with_the_message_id_the_publisher_got() {
        trace.setLevel(Level.DEBUG);
        String messageId = publish();
        assertThat(logged.list).hasSize(1);
        ILoggingEvent line = logged.list.get(0);
        assertThat(line.getMessage()).isEqualTo("published update");
        assertThat(line.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value))))
                .containsEntry("event", "seminar").containsEntry("seq", "1").containsEntry("message_id", messageId);
    }

    @Test
    void at_info_nothing_is_logged_per_publish() {
        trace.setLevel(Level.INFO);
        publish();
        assertThat(logged.list).isEmpty();
    }

    private String publish() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/events/seminar/attendance",
                Unpooled.copiedBuffer("{\"guestId\":\"ann\",\"status\":\"ATTENDING\"}", StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + Tokens.publish("usher", "seminar"));
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            Matcher id = Pattern.compile("\"messageId\":\"([0-9A-Z]{26})\"").matcher(response.content().toString(StandardCharsets.UTF_8));
            assertThat(id.find()).as("response names the message id").isTrue();
            return id.group(1);
        } finally {
            response.release();
        }
    }
}
