package io.rollcall.loadtest.ws;

/**
 * What the fleet's clients speak on the wire: the subprotocol, and TLS ({@code tls} null: plain
 * {@code ws://}). Immutable.
 */
public record Wire(Subprotocol subprotocol, ClientTls tls) {
    /** Plain WebSocket, protobuf frames: what the generator spoke before TLS and JSON. */
    public static final Wire PLAIN_PROTO = new Wire(Subprotocol.PROTO, null);

    public Wire {
        if (subprotocol == null) {
            throw new IllegalArgumentException("subprotocol: null (expected: proto or json)");
        }
    }

    /** For reports, e.g. {@code rollcall.v1.json over TLSv1.3 (OpenSSL (BoringSSL))}. */
    public String describe() {
        return subprotocol.subprotocol() + (tls == null ? " over plain TCP" : " over " + ClientTls.PROTOCOL + " with " + tls.provider()
                + ", trusting " + tls.trust());
    }
}
