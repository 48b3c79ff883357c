package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Ping;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Unsubscribe;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and buggy clients get a documented error frame or close code, and a bystander watching
 * the same node keeps receiving every update.
 */
class BadInputIT {
    private static final String PROTO = "rollcall.v1.proto";
    private static final String JSON = "rollcall.v1.json";

    @RegisterExtension
    final TestServer server = new TestServer();

    private WsTestClient bystander;
    private long published;

    @BeforeEach
    void bystanderWatches() throws Exception {
        bystander = WsTestClient.connect(server.wsUri(), PROTO);
        bystander.authenticate(Tokens.watch("bystander", "party"));
        bystander.subscribe("party", "", 0);
        assertThat(bystander.next().hasSubscribed()).isTrue();
        assertThat(bystander.next().hasSnapshot()).isTrue();
    }

    @AfterEach
    void bystanderStillReceivesEveryUpdate() throws Exception {
        server.checkIn("party", "after-" + published);
        published++;
        for (long seq = 1; seq <= published; seq++) {
            assertThat(bystander.next().getUpdate().getSeq()).isEqualTo(seq);
        }
        bystander.close();
    }

    private WsTestClient connected(String subprotocol) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri(), subprotocol);
        client.authenticate(Tokens.watch("guest", "party"));
        return client;
    }

    @Test
    void plain_http_to_the_websocket_path_is_told_to_upgrade() throws Exception {
        HttpResponse<String> response = server.get(server.httpUri("/ws"), null);
        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.body()).contains("not_websocket");
    }

    @Test
    void a_handshake_offering_no_known_subprotocol_is_refused_before_the_upgrade() {
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("chat.v2")
                        .buildAsync(server.wsUri(), new WebSocket.Listener() {}).join());
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> response = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(String.valueOf(response.body())).contains("unsupported_subprotocol");
    }

    @Test
    void a_first_frame_other_than_connect_closes_with_unauthorized() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.UNAUTHORIZED.code());
        }
    }

    @Test
    void garbage_bytes_close_with_malformed_frame() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.sendBinary(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x7f, 0x00});
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        }
    }

    @Test
    void a_text_frame_on_the_proto_subprotocol_closes_with_malformed_frame() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.sendText("{\"connect\":{\"token\":\"x\"}}");
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        }
    }

    @Test
    void a_binary_frame_on_the_json_subprotocol_closes_with_malformed_frame() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), JSON)) {
            client.sendBinary(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray());
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        }
    }

    @Test
    void invalid_json_closes_with_malformed_frame() throws Exception {
        for (String bad : List.of("{\"connect\":", "[1,2]", "{\"connect\":{\"token\":5, \"extra\":1}}", "{\"bogus\":{}}", "{}")) {
            try (WsTestClient client = WsTestClient.connect(server.wsUri(), JSON)) {
                client.sendText(bad);
                assertThat(client.awaitClose()).as(bad).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
            }
        }
    }

    @Test
    void unknown_protobuf_fields_close_with_malformed_frame() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            byte[] ping = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray();
            byte[] withUnknown = java.util.Arrays.copyOf(ping, ping.length + 2);
            withUnknown[ping.length] = (byte) (99 << 3); // field 99, varint
            withUnknown[ping.length + 1] = 1;
            client.sendBinary(withUnknown);
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        }
    }

    @Test
    void a_malformed_event_id_gets_an_invalid_argument_error_and_the_session_stays_open() throws Exception {
        try (WsTestClient client = connected(PROTO)) {
            for (String bad : List.of("", "has space", "x".repeat(65), "semi;colon", "ünïcode")) {
                client.subscribe(bad, "", 0);
                ServerFrame error = client.next();
                assertThat(error.getError().getCode()).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT.code());
            }
            assertPingAnswered(client);
        }
    }

    @Test
    void subscribing_to_an_event_the_token_does_not_allow_gets_forbidden() throws Exception {
        try (WsTestClient client = connected(JSON)) {
            client.send(ClientFrame.newBuilder().setRequestId(7).setSubscribe(
                    io.rollcall.protocol.Subscribe.newBuilder().setEventId("someone-elses-wedding")).build());
            ServerFrame error = client.next();
            assertThat(error.getRequestId()).isEqualTo(7);
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
            assertThat(error.getError().getEventId()).isEqualTo("someone-elses-wedding");
            assertPingAnswered(client);
        }
    }

    @Test
    void an_expired_token_closes_with_token_expired() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.sendConnect(Tokens.sign(Tokens.SECRET, "late", List.of("party"), null, Instant.now().minus(Duration.ofHours(1))));
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.TOKEN_EXPIRED.code());
        }
    }

    @Test
    void a_forged_token_closes_with_unauthorized() throws Exception {
        for (String token : List.of(Tokens.sign("another-secret-that-is-also-32-bytes-long", "mallory", "*", "publish",
                Instant.now().plusSeconds(600)), "not.a.jwt", "", ".e30.x", "bnVsbA.e30.x")) {
            try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
                client.sendConnect(token);
                assertThat(client.awaitClose()).isEqualTo(ErrorCode.UNAUTHORIZED.code());
            }
        }
    }

    @Test
    void a_second_connect_closes_with_unexpected_frame() throws Exception {
        try (WsTestClient client = connected(PROTO)) {
            client.sendConnect(Tokens.watch("guest", "party"));
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.UNEXPECTED_FRAME.code());
        }
    }

    @Test
    void a_double_subscribe_gets_already_subscribed_and_keeps_the_first_subscription() throws Exception {
        try (WsTestClient client = connected(PROTO)) {
            client.subscribe("party", "", 0);
            assertThat(client.next().hasSubscribed()).isTrue();
            assertThat(client.next().hasSnapshot()).isTrue();
            client.subscribe("party", "", 0);
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.ALREADY_SUBSCRIBED.code());
            server.checkIn("party", "g");
            published++;
            assertThat(client.next().getUpdate().getSeq()).isEqualTo(published);
        }
    }

    @Test
    void unsubscribing_from_an_event_not_subscribed_gets_not_subscribed() throws Exception {
        try (WsTestClient client = connected(PROTO)) {
            client.send(ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId("party")).build());
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.NOT_SUBSCRIBED.code());
            assertPingAnswered(client);
        }
    }

    @Test
    void an_oversized_frame_closes_with_message_too_big() throws Exception {
        try (WsTestClient client = connected(PROTO)) {
            client.sendBinary(new byte[64 * 1024]);
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.MESSAGE_TOO_BIG.code());
        }
    }

    @Test
    void raw_garbage_instead_of_http_gets_a_bad_request_or_a_closed_connection() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("\u0016\u0003\u0001garbage\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(reply).satisfiesAnyOf(r -> assertThat(r).isEmpty(), r -> assertThat(r).startsWith("HTTP/1.1 400"));
        }
    }

    private static void assertPingAnswered(WsTestClient client) throws Exception {
        client.send(ClientFrame.newBuilder().setRequestId(42).setPing(Ping.getDefaultInstance()).build());
        ServerFrame pong = client.next();
        assertThat(pong.hasPong()).isTrue();
        assertThat(pong.getRequestId()).isEqualTo(42);
    }

}
