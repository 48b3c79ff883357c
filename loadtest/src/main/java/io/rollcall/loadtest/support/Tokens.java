package io.rollcall.loadtest.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 JWTs the load generator presents: {@code sub}, {@code exp}, {@code events} and,
 * for publishers, {@code scope: "publish"} (the claims the server's verifier reads). JDK crypto
 * only, to keep the generator's jar small. Thread-safe.
 */
public final class Tokens {
    /** The server refuses shorter HS256 secrets (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Tokens travel in the first frame, which the server bounds in size. */
    public static final int MAX_LISTED_EVENTS = 20;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private Tokens() {}

    /**
     * A signed token. Event ids must already be valid ({@code [A-Za-z0-9_-]}), so they need no
     * JSON escaping; {@code scope} may be null. With more than {@link #MAX_LISTED_EVENTS} events the
     * token grants all events ({@code "events":"*"}) instead of listing them, to stay small.
     */
    public static String hs256(String secret, String subject, List<String> events, String scope, Instant expiresAt) {
        StringBuilder claims = new StringBuilder("{\"sub\":\"").append(jsonSafe(subject)).append("\",\"exp\":")
                .append(expiresAt.getEpochSecond()).append(",\"events\":");
        if (events.size() > MAX_LISTED_EVENTS) {
            claims.append("\"*\"");
        } else {
            claims.append('[');
            for (int i = 0; i < events.size(); i++) {
                claims.append(i == 0 ? "\"" : ",\"").append(jsonSafe(events.get(i))).append('"');
            }
            claims.append(']');
        }
        if (scope != null) {
            claims.append(",\"scope\":\"").append(jsonSafe(scope)).append('"');
        }
        claims.append('}');
        String signingInput = HEADER + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String jsonSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                throw new IllegalArgumentException(
                        "token claim value: " + value + " (expected: no quotes, backslashes or control characters)");
            }
        }
        return value;
    }
}
