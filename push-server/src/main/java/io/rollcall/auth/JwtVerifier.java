package io.rollcall.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies HS256 JWTs and maps their claims to a {@link Principal}: {@code sub} and {@code exp}
 * required; {@code events} an array of event ids or {@code "*"}; {@code scope} space-separated
 * ({@code publish} allows publishing). Tokens never appear in exception messages. Thread-safe.
 */
public final class JwtVerifier {
    /** HS256 needs a 256-bit key (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Clock clock;
    private final Duration leeway;

    public JwtVerifier(byte[] secret, Duration leeway, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("jwt-secret: " + secret.length + " bytes (expected: at least " + MIN_SECRET_BYTES + ")");
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        // Time claims are checked below, so that expiry can be told apart from forgery.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        this.clock = clock;
        this.leeway = leeway;
    }

    public Principal verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException("missing token", false);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new AuthException("malformed token", false);
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthException("invalid token signature or algorithm", false);
        }
        return toPrincipal(claims);
    }

    private Principal toPrincipal(JWTClaimsSet claims) throws AuthException {
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new AuthException("token has no sub claim", false);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException("token has no exp claim", false);
        }
        Instant now = clock.instant();
        if (exp.toInstant().plus(leeway).isBefore(now)) {
            throw new AuthException("token expired", true);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(leeway).isAfter(now)) {
            throw new AuthException("token not yet valid", false);
        }
        Object eventsClaim = claims.getClaim("events");
        boolean allEvents = "*".equals(eventsClaim);
        Set<String> events = new HashSet<>();
        if (eventsClaim instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String id)) {
                    throw new AuthException("events claim must hold strings", false);
                }
                events.add(id);
            }
        } else if (eventsClaim != null && !allEvents) {
            throw new AuthException("events claim must be an array of event ids or \"*\"", false);
        }
        Object scopeClaim = claims.getClaim("scope");
        boolean canPublish = false;
        if (scopeClaim instanceof String scope) {
            canPublish = List.of(scope.trim().split("\\s+")).contains("publish");
        } else if (scopeClaim != null) {
            throw new AuthException("scope claim must be a space-separated string", false);
        }
        return new Principal(subject, events, allEvents, canPublish, exp.toInstant());
    }
}
