package io.rollcall.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWTs (HS256 with the secret; RS256 and ES256 with JWKS keys picked by {@code kid}) and
 * maps their claims to a {@link Principal}: {@code sub} and {@code exp} required, {@code nbf}
 * honoured, both with the leeway; {@code iss} and {@code aud} checked when configured;
 * {@code events} an array of event ids or {@code "*"}; {@code scope} space-separated
 * ({@code publish} allows publishing). Unsigned ({@code alg: none}) and encrypted tokens are refused.
 * Tokens never appear in exception messages. Thread-safe.
 */
public final class JwtVerifier {
    private final JwtKeys keys;
    private final Expectations expected;
    private final Clock clock;

    /** What every token must satisfy besides its signature; empty issuer or audience means unchecked. */
    public record Expectations(String issuer, String audience, Duration leeway) {}

    public JwtVerifier(JwtKeys keys, Expectations expected, Clock clock) {
        this.keys = keys;
        this.expected = expected;
        this.clock = clock;
    }

    /** An HS256-only verifier, for tools and tests. */
    public JwtVerifier(byte[] secret, Duration leeway, Clock clock) {
        this(JwtKeys.of(requireSecret(secret)), new Expectations("", "", leeway), clock);
    }

    private static byte[] requireSecret(byte[] secret) {
        if (secret.length < JwtKeys.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("jwt-secret: " + secret.length + " bytes (expected: at least " + JwtKeys.MIN_SECRET_BYTES + ")");
        }
        return secret;
    }

    public Principal verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException(AuthFailure.MISSING, "missing token");
        }
        SignedJWT jwt = parseSigned(token);
        JWSHeader header = jwt.getHeader();
        if (!verifies(jwt, keys.select(header.getAlgorithm(), header.getKeyID()))) {
            throw new AuthException(AuthFailure.BAD_SIGNATURE, "invalid token signature");
        }
        try {
            return toPrincipal(claims(jwt));
        } catch (ParseException e) {
            throw new AuthException(AuthFailure.MALFORMED, "token claims are not a JSON object");
        }
    }

    /**
     * Parses a signed token directly: {@code JWTParser} would decode and parse the header twice
     * (once to pick the token type), a visible share of a connect storm. Only a token that is not
     * a signed JWT pays for the second look that tells malformed from unsigned or encrypted.
     */
    private static SignedJWT parseSigned(String token) throws AuthException {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException notSigned) {
            // classified below
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // Nimbus throws unchecked exceptions for some malformed headers (e.g. an empty one: found by fuzzing).
            throw new AuthException(AuthFailure.MALFORMED, "malformed token");
        }
        if (parsed instanceof SignedJWT) {
            throw new AuthException(AuthFailure.MALFORMED, "malformed token");
        }
        throw new AuthException(AuthFailure.ALGORITHM, "unsigned and encrypted tokens are not accepted");
    }

    /**
     * The claims of a token whose signature checked, decoded with the JDK's Base64: Nimbus's
     * decoder is constant-time, several times slower and the largest single cost of a connect,
     * and the payload is no secret.
     */
    private static JWTClaimsSet claims(SignedJWT jwt) throws ParseException {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(jwt.getParsedParts()[1].toString());
        } catch (IllegalArgumentException e) {
            throw new ParseException("payload is not base64url", 0);
        }
        return JWTClaimsSet.parse(new String(json, StandardCharsets.UTF_8));
    }

    private static boolean verifies(SignedJWT jwt, List<JWSVerifier> candidates) {
        for (JWSVerifier verifier : candidates) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot check this signature (e.g. a malformed one): try the next
            }
        }
        return false;
    }

    private Principal toPrincipal(JWTClaimsSet claims) throws AuthException {
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new AuthException(AuthFailure.CLAIMS, "token has no sub claim");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException(AuthFailure.CLAIMS, "token has no exp claim");
        }
        Instant now = clock.instant();
        if (exp.toInstant().plus(expected.leeway()).isBefore(now)) {
            throw new AuthException(AuthFailure.EXPIRED, "token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(expected.leeway()).isAfter(now)) {
            throw new AuthException(AuthFailure.NOT_YET_VALID, "token not yet valid");
        }
        if (!expected.issuer().isEmpty() && !expected.issuer().equals(claims.getIssuer())) {
            throw new AuthException(AuthFailure.ISSUER, "token issuer is not the expected one");
        }
        if (!expected.audience().isEmpty() && (claims.getAudience() == null || !claims.getAudience().contains(expected.audience()))) {
            throw new AuthException(AuthFailure.AUDIENCE, "token audience does not include this service");
        }
        return new Principal(subject, events(claims), "*".equals(claims.getClaim("events")), canPublish(claims), exp.toInstant());
    }

    private static Set<String> events(JWTClaimsSet claims) throws AuthException {
        Object eventsClaim = claims.getClaim("events");
        Set<String> events = new HashSet<>();
        if (eventsClaim instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String id)) {
                    throw new AuthException(AuthFailure.CLAIMS, "events claim must hold strings");
                }
                events.add(id);
            }
        } else if (eventsClaim != null && !"*".equals(eventsClaim)) {
            throw new AuthException(AuthFailure.CLAIMS, "events claim must be an array of event ids or \"*\"");
        }
        return events;
    }

    private static boolean canPublish(JWTClaimsSet claims) throws AuthException {
        Object scopeClaim = claims.getClaim("scope");
        if (scopeClaim instanceof String scope) {
            return List.of(scope.trim().split("\\s+")).contains("publish");
        }
        if (scopeClaim != null) {
            throw new AuthException(AuthFailure.CLAIMS, "scope claim must be a space-separated string");
        }
        return false;
    }
}
