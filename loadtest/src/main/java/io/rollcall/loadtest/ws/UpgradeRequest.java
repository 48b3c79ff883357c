package io.rollcall.loadtest.ws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The WebSocket upgrade request (RFC 6455 §4.1) for one URL and subprotocol, encoded once and
 * written as is by every client, with what the server's 101 must answer. The
 * {@code Sec-WebSocket-Key} is a constant: its nonce protects a browser against a non-WebSocket
 * server replaying a cached answer, which a load generator against our own server need not fear;
 * the server's {@code Sec-WebSocket-Accept} is still checked against it. Immutable.
 */
final class UpgradeRequest {
    static final String KEY = "cm9sbGNhbGwtbG9hZHRlc3Q=";
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final byte[] bytes;
    private final byte[] accept;
    private final byte[] subprotocol;

    UpgradeRequest(URI url, String subprotocol) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = url.getPort() < 0 || url.getPort() == ("wss".equals(url.getScheme()) ? 443 : 80);
        String host = url.getHost().contains(":") ? "[" + url.getHost() + "]" : url.getHost();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + (defaultPort ? "" : ":" + url.getPort()) + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n"
                + "\r\n";
        this.bytes = request.getBytes(StandardCharsets.US_ASCII);
        this.accept = acceptFor(KEY).getBytes(StandardCharsets.US_ASCII);
        this.subprotocol = subprotocol.getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a server computes for {@code key} (RFC 6455 §4.2.2). */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-1", e);
        }
    }

    /** The request's bytes; not to be modified. */
    byte[] bytes() {
        return bytes;
    }

    /** The {@code Sec-WebSocket-Accept} value the 101 must carry (ASCII); not to be modified. */
    byte[] accept() {
        return accept;
    }

    /** The subprotocol the 101 must select (ASCII); not to be modified. */
    byte[] subprotocol() {
        return subprotocol;
    }
}
