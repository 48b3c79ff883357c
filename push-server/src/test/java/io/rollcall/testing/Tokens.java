package io.rollcall.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints HS256 test tokens. */
public final class Tokens {
    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";

    private Tokens() {}

    /** A token for {@code subject} that may watch {@code events} ("*" for all) for an hour. */
    public static String watch(String subject, String... events) {
        return sign(SECRET, subject, events.length == 1 && events[0].equals("*") ? "*" : List.of(events), null,
                Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token that may watch and publish to {@code events}. */
    public static String publish(String subject, String... events) {
        return sign(SECRET, subject, events.length == 1 && events[0].equals("*") ? "*" : List.of(events), "publish",
                Instant.now().plus(Duration.ofHours(1)));
    }

    public static String sign(String secret, String subject, Object events, String scope, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiresAt));
        if (events != null) {
            claims.claim("events", events);
        }
        if (scope != null) {
            claims.claim("scope", scope);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
