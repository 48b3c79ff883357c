package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Ping;
import io.rollcall.protocol.Refresh;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session's token over time: the expiry warning, the 4440 close, in-band refresh and what a
 * refresh must not do (change subject, bring an expired token), and per-event authorization.
 */
class TokenLifecycleIT {
    private static final String PROTO = "rollcall.v1.proto";

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.JWT_LEEWAY, "0s").with(Setting.JWT_EXPIRY_WARNING, "1s");

    private static String token(String subject, Duration lifetime, String... events) {
        return Tokens.sign(Tokens.SECRET, subject, List.of(events), null, Instant.now().plus(lifetime));
    }

    private WsTestClient connected(String token) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO);
        client.authenticate(token);
        return client;
    }

    private static void refresh(WsTestClient client, String token) throws Exception {
        client.send(ClientFrame.newBuilder().setRequestId(9).setRefresh(Refresh.newBuilder().setToken(token)).build());
    }

    private static void assertPingAnswered(WsTestClient client) throws Exception {
        client.send(ClientFrame.newBuilder().setRequestId(42).setPing(Ping.getDefaultInstance()).build());
        ServerFrame pong = client.next();
        assertThat(pong.hasPong()).as("pong, got %s", pong).isTrue();
    }

    private double authFailures(String reason) {
        String prefix = "rollcall_auth_failures_total{reason=\"" + reason + "\"} ";
        return server.server().metrics().scrape().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    @Test
    void an_unrefreshed_session_is_warned_and_then_closed_with_token_expired() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofSeconds(3), "gala"))) {
            ServerFrame warning = client.next();
            assertThat(warning.getError().getCode()).isEqualTo(ErrorCode.TOKEN_EXPIRING.code());
            assertThat(client.closeCode).as("warned before the close").isNotDone();

            assertThat(client.awaitClose()).isEqualTo(ErrorCode.TOKEN_EXPIRED.code());
        }
    }

    @Test
    void a_refresh_with_the_same_subject_keeps_the_session_open_past_the_old_expiry() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofSeconds(3), "gala"))) {
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.TOKEN_EXPIRING.code());
            Instant newExpiry = Instant.now().plus(Duration.ofHours(1));

            refresh(client, token("host", Duration.ofHours(1), "gala"));
            ServerFrame refreshed = client.next();

            assertThat(refreshed.getRequestId()).isEqualTo(9);
            assertThat(refreshed.getRefreshed().getTokenExpiresAt().getSeconds()).isBetween(newExpiry.getEpochSecond() - 5,
                    newExpiry.getEpochSecond() + 5);
            // The old token's close time (at most 1 s after its warning) passes without a close.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !client.closeCode.isDone());
            assertPingAnswered(client);
        }
    }

    @Test
    void a_refresh_for_another_subject_closes_with_unauthorized() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofHours(1), "gala"))) {
            refresh(client, token("intruder", Duration.ofHours(1), "gala"));

            assertThat(client.awaitClose()).isEqualTo(ErrorCode.UNAUTHORIZED.code());
        }
        assertThat(authFailures("subject_changed")).isEqualTo(1.0);
    }

    @Test
    void a_refresh_with_an_expired_token_closes_with_token_expired() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofHours(1), "gala"))) {
            refresh(client, token("host", Duration.ofMinutes(-5), "gala"));

            assertThat(client.awaitClose()).isEqualTo(ErrorCode.TOKEN_EXPIRED.code());
        }
        assertThat(authFailures("expired")).isEqualTo(1.0);
    }

    @Test
    void a_refresh_with_a_forged_token_closes_with_unauthorized() throws Exception {
        String forged = Tokens.sign("another-secret-that-is-at-least-32-bytes", "host", List.of("gala"), null,
                Instant.now().plus(Duration.ofHours(1)));
        try (WsTestClient client = connected(token("host", Duration.ofHours(1), "gala"))) {
            refresh(client, forged);

            assertThat(client.awaitClose()).isEqualTo(ErrorCode.UNAUTHORIZED.code());
        }
        assertThat(authFailures("bad_signature")).isEqualTo(1.0);
    }

    @Test
    void a_refresh_that_no_longer_allows_an_event_ends_only_that_subscription() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofHours(1), "gala", "brunch"))) {
            for (String event : List.of("gala", "brunch")) {
                client.subscribe(event, "", 0);
                assertThat(client.next().hasSubscribed()).isTrue();
                assertThat(client.next().hasSnapshot()).isTrue();
            }

            refresh(client, token("host", Duration.ofHours(1), "gala"));
            ServerFrame forbidden = client.next();
            assertThat(forbidden.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
            assertThat(forbidden.getError().getEventId()).isEqualTo("brunch");
            assertThat(client.next().hasRefreshed()).isTrue();

            server.checkIn("brunch", "b1");
            server.checkIn("gala", "g1");
            ServerFrame update = client.next();
            assertThat(update.getUpdate().getEventId()).as("no update of the dropped event").isEqualTo("gala");
        }
    }

    @Test
    void cross_event_access_is_forbidden_and_counted_on_websocket_and_http() throws Exception {
        try (WsTestClient client = connected(token("host", Duration.ofHours(1), "gala"))) {
            client.subscribe("someone-elses-gala", "", 0);
            ServerFrame error = client.next();
            assertThat(error.getError().getCode()).isEqualTo(4403);
            assertPingAnswered(client);
        }
        String watchGala = Tokens.watch("host", "gala");
        assertThat(server.get(server.httpUri("/api/v1/events/someone-elses-gala/snapshot"), watchGala).statusCode()).isEqualTo(403);
        assertThat(server.get(server.httpUri("/api/v1/events/gala/snapshot"), watchGala).statusCode()).isEqualTo(200);
        assertThat(server.publish(watchGala, "gala", "{\"guestId\":\"g\",\"status\":\"CHECKED_IN\"}").statusCode())
                .as("watching does not allow publishing").isEqualTo(403);
        assertThat(server.publish(Tokens.publish("usher", "gala"), "someone-elses-gala", "{\"guestId\":\"g\",\"status\":\"CHECKED_IN\"}")
                .statusCode()).isEqualTo(403);

        assertThat(authFailures("forbidden")).isEqualTo(4.0);
    }
}
