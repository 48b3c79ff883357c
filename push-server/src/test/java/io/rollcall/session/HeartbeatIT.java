package io.rollcall.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.Setting;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatIT {
    @RegisterExtension
    final TestServer server = new TestServer()
            .with(Setting.HEARTBEAT_INTERVAL, "200ms")
            .with(Setting.CONNECT_TIMEOUT, "500ms")
            .with(Setting.JWT_LEEWAY, "0s");

    @Test
    void a_client_that_answers_pings_stays_connected() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
            client.authenticate(Tokens.watch("host", "*"));
            // Netty's client answers pings; after several intervals the session must still serve.
            assertThat(client.closeCode).failsWithin(Duration.ofMillis(1500));
            client.subscribe("e", "", 0);
            assertThat(client.next().hasSubscribed()).isTrue();
        }
    }

    @Test
    void a_dead_peer_is_closed_after_two_silent_intervals() throws Exception {
        try (Socket socket = upgradedRawSocket()) {
            OutputStream out = socket.getOutputStream();
            out.write(maskedBinaryFrame(connectFrame(Tokens.watch("host", "*"))));
            out.flush();
            // Never answer the pings: the server closes with 4410 and then the TCP connection.
            byte[] received = socket.getInputStream().readAllBytes();
            assertThat(closeCodeIn(received)).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT.code());
        }
    }

    @Test
    void a_close_frame_from_the_client_is_answered_with_one() throws Exception {
        try (Socket socket = upgradedRawSocket()) {
            OutputStream out = socket.getOutputStream();
            out.write(maskedBinaryFrame(connectFrame(Tokens.watch("host", "*"))));
            // Close 1000, masked with a zero key; the server echoes the code and then closes.
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8});
            out.flush();
            byte[] received = socket.getInputStream().readAllBytes();
            assertThat(closeCodeIn(received)).isEqualTo(1000);
        }
    }

    @Test
    void a_json_text_frame_that_is_not_utf8_is_closed_with_1007() throws Exception {
        try (Socket socket = upgradedRawSocket("rollcall.v1.json")) {
            OutputStream out = socket.getOutputStream();
            // A text frame of 0xC3 0x28 (a lead byte without its continuation), zero mask.
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xc3, 0x28});
            out.flush();
            byte[] received = socket.getInputStream().readAllBytes();
            assertThat(closeCodeIn(received)).isEqualTo(1007);
        }
    }

    @Test
    void a_websocket_that_never_sends_connect_is_closed_at_the_deadline() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.proto")) {
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.CONNECT_TIMEOUT.code());
        }
    }

    @Test
    void a_tcp_connection_that_sends_nothing_is_closed_at_the_deadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void a_session_whose_token_expires_is_closed_with_token_expired() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), "rollcall.v1.json")) {
            client.authenticate(Tokens.sign(Tokens.SECRET, "host", List.of("e"), null, Instant.now().plusSeconds(1)));
            assertThat(client.awaitClose()).isEqualTo(ErrorCode.TOKEN_EXPIRED.code());
        }
    }

    private Socket upgradedRawSocket() throws Exception {
        return upgradedRawSocket("rollcall.v1.proto");
    }

    private Socket upgradedRawSocket(String subprotocol) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.server().port());
        socket.setSoTimeout(5000);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed during handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static byte[] connectFrame(String token) {
        return io.rollcall.protocol.ClientFrame.newBuilder()
                .setConnect(io.rollcall.protocol.Connect.newBuilder().setToken(token)).build().toByteArray();
    }

    /** A client-to-server binary frame (masked with a zero key, which RFC 6455 allows). */
    private static byte[] maskedBinaryFrame(byte[] payload) {
        if (payload.length > 125 + 65_535) {
            throw new IllegalArgumentException("payload too long for this helper");
        }
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write(0x82);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** Scans unmasked server frames for a close frame and returns its status code. */
    private static int closeCodeIn(byte[] bytes) {
        int i = 0;
        while (i + 2 <= bytes.length) {
            int opcode = bytes[i] & 0x0f;
            int length = bytes[i + 1] & 0x7f;
            int header = 2;
            if (length == 126) {
                length = ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                throw new AssertionError("unexpected huge frame");
            }
            if (opcode == 0x8) {
                return ((bytes[i + header] & 0xff) << 8) | (bytes[i + header + 1] & 0xff);
            }
            i += header + length;
        }
        return -1;
    }
}
