package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.auth.AuthException;
import io.rollcall.auth.AuthFailure;
import io.rollcall.auth.Jwks;
import io.rollcall.auth.JwtKeys;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:00:00Z"));
    private final JwtVerifier hs256 = new JwtVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Duration.ZERO, clock);
    private final VerifiedTokens tokens = new VerifiedTokens(hs256, clock);

    @Test
    void an_accepted_token_is_remembered_and_answers_with_the_same_principal() throws Exception {
        String token = token(Tokens.SECRET, clock.instant().plus(Duration.ofHours(1)));
        assertThat(tokens.verify(token)).isEqualTo(hs256.verify(token));
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.verify(token).subject()).isEqualTo("usher");
    }

    @Test
    void refused_tokens_are_not_remembered_and_stay_refused() {
        String forged = token("another-secret-that-is-at-least-32-bytes", clock.instant().plus(Duration.ofHours(1)));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOfSatisfying(AuthException.class,
                    e -> assertThat(e.reason()).isEqualTo(AuthFailure.BAD_SIGNATURE));
        }
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_remembered_token_is_refused_as_expired_once_its_exp_passes() throws Exception {
        String token = token(Tokens.SECRET, clock.instant().plusSeconds(5));
        tokens.verify(token);
        clock.advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.expired()).isTrue());
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_key_dropped_from_the_jwks_stops_working_within_the_max_age() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtKeys keys = JwtKeys.of(new byte[0]);
        keys.replaceJwks(Jwks.of(new JWKSet(key.toPublicJWK())));
        VerifiedTokens rs256 = new VerifiedTokens(new JwtVerifier(keys, new JwtVerifier.Expectations("", "", Duration.ZERO), clock), clock);
        String token = rs256Token(key, clock.instant().plus(Duration.ofHours(1)));
        rs256.verify(token);

        keys.replaceJwks(Jwks.of(new JWKSet()));
        clock.advance(VerifiedTokens.MAX_AGE.minusSeconds(1));
        assertThat(rs256.verify(token).subject()).as("remembered for up to MAX_AGE").isEqualTo("usher");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> rs256.verify(token)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.reason()).isEqualTo(AuthFailure.UNKNOWN_KEY));
    }

    @Test
    void memory_is_bounded() throws Exception {
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES * 2 + 1; i++) {
            tokens.verify(token(Tokens.SECRET, clock.instant().plusSeconds(3600 + i)));
            assertThat(tokens.size()).isBetween(1, VerifiedTokens.MAX_ENTRIES);
        }
    }

    private static String token(String secret, Instant expiresAt) {
        return Tokens.sign(secret, "usher", "*", "publish", expiresAt);
    }

    private static String rs256Token(RSAKey key, Instant expiresAt) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("usher").expirationTime(Date.from(expiresAt)).claim("events", "*").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
