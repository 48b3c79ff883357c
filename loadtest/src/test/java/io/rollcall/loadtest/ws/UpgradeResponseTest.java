package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpgradeResponseTest {
    private static final UpgradeRequest REQUEST = new UpgradeRequest(URI.create("ws://127.0.0.1:8080/ws"), "rollcall.v1.proto");
    private static final String ACCEPT = UpgradeRequest.acceptFor(UpgradeRequest.KEY);

    /** What Netty's server handshaker (the one rollcall uses) answers to our pre-encoded request. */
    static byte[] realServerAnswer(UpgradeRequest request) {
        EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketServerProtocolHandler("/ws", "rollcall.v1.proto,rollcall.v1.json"));
        server.writeInbound(Unpooled.wrappedBuffer(request.bytes()));
        ByteBuf answer = Unpooled.buffer();
        for (ByteBuf part; (part = server.readOutbound()) != null; ) {
            answer.writeBytes(part);
            part.release();
        }
        server.finishAndReleaseAll();
        byte[] bytes = new byte[answer.readableBytes()];
        answer.readBytes(bytes);
        return bytes;
    }

    private static int check(String response) throws UpgradeResponse.Refused {
        return UpgradeResponse.check(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1), REQUEST);
    }

    private static String valid(String extraHeaders) {
        return "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n"
                + "sec-websocket-accept: " + ACCEPT + "\r\nsec-websocket-protocol: rollcall.v1.proto\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void acceptsTheAnswerOfNettysServerHandshakerForBothSubprotocols() throws Exception {
        for (String subprotocol : new String[] {"rollcall.v1.proto", "rollcall.v1.json"}) {
            UpgradeRequest request = new UpgradeRequest(URI.create("ws://127.0.0.1:8080/ws"), subprotocol);
            byte[] answer = realServerAnswer(request);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101 ");

            assertThat(UpgradeResponse.check(Unpooled.wrappedBuffer(answer), request)).isEqualTo(answer.length);
        }
    }

    @Test
    void returnsWhereTheHeadEndsSoFramesBehindItAreKept() throws Exception {
        String head = valid("");
        ByteBuf buf = Unpooled.copiedBuffer(head + "\u0082\u0001x", StandardCharsets.ISO_8859_1);
        buf.readerIndex(0);

        assertThat(UpgradeResponse.check(buf, REQUEST)).isEqualTo(head.length());
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void matchesHeaderNamesIgnoringCaseInAnyOrderAndConnectionAsAList() throws Exception {
        String response = "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Protocol: rollcall.v1.proto\r\nX-Other: 1\r\n"
                + "CONNECTION: keep-alive, Upgrade\r\nSec-WebSocket-Accept:  " + ACCEPT + " \r\nUpgrade: WebSocket\r\n\r\n";

        assertThat(check(response)).isEqualTo(response.length());
    }

    @Test
    void waitsForTheRestOfAHeadSplitAnywhere() throws Exception {
        String response = valid("");
        for (int cut = 0; cut < response.length(); cut++) {
            assertThat(check(response.substring(0, cut))).as("first %d bytes", cut).isEqualTo(UpgradeResponse.INCOMPLETE);
        }
    }

    @Test
    void refusesAServiceUnavailableNamingItsRetryAfter() {
        assertThatThrownBy(() -> check("HTTP/1.1 503 Service Unavailable\r\nretry-after: 5\r\ncontent-length: 4\r\n\r\nbusy"))
                .isInstanceOf(UpgradeResponse.Refused.class)
                .hasMessage("upgrade refused: 503 Service Unavailable (Retry-After: 5)");
    }

    @Test
    void refusesAForbidden() {
        assertThatThrownBy(() -> check("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n"))
                .hasMessage("upgrade refused: 403 Forbidden");
    }

    @Test
    void refusesA101ThatDoesNotAnswerOurRequest() {
        assertThatThrownBy(() -> check(valid("").replace(ACCEPT, UpgradeRequest.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="))))
                .hasMessageContaining("Sec-WebSocket-Accept");
        assertThatThrownBy(() -> check(valid("").replace("rollcall.v1.proto", "rollcall.v1.json")))
                .hasMessageContaining("Sec-WebSocket-Protocol");
        assertThatThrownBy(() -> check(valid("").replace("upgrade: websocket\r\n", "")))
                .hasMessageContaining("Upgrade: websocket");
        assertThatThrownBy(() -> check(valid("").replace("connection: upgrade", "connection: close")))
                .hasMessageContaining("Connection: upgrade");
        assertThatThrownBy(() -> check(valid("sec-websocket-extensions: permessage-deflate\r\n")))
                .hasMessageContaining("permessage-deflate");
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThatThrownBy(() -> check("SSH-2.0-OpenSSH_9.6\r\n\r\n")).hasMessageContaining("malformed upgrade response status line");
        assertThatThrownBy(() -> check("HTTP/1.1 1x1 Odd\r\n\r\n")).hasMessageContaining("malformed upgrade response status line");
        assertThatThrownBy(() -> check("HTTP/1.1 101 Switching Protocols\r\nno colon here\r\n\r\n"))
                .hasMessageContaining("malformed upgrade response header");
    }

    @Test
    void refusesAHeadThatNeverEnds() {
        String endless = "HTTP/1.1 101 Switching Protocols\r\n" + "x-padding: 0123456789abcdef\r\n".repeat(400);

        assertThatThrownBy(() -> check(endless)).hasMessage("upgrade response head over 8192 bytes");
    }
}
