package io.rollcall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-06-20T18:00:00Z");
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    private static final byte[] SECRET = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);

    private final JwtVerifier verifier = new JwtVerifier(SECRET, LEEWAY, Clock.fixed(NOW, ZoneOffset.UTC));

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("host-anna").expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JWSSigner signer) {
        return sign(new JWSHeader(algorithm), claims, signer);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            return sign(header, claims, new MACSigner(SECRET));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String sign(JWTClaimsSet claims) {
        try {
            return sign(claims, JWSAlgorithm.HS256, new MACSigner(SECRET));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefusedAsInvalid(ThrowingCallable verification, String token) {
        assertThatThrownBy(verification)
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.expired()).as("refused as expired").isFalse();
                    assertThat(e.getMessage()).doesNotContain(token);
                });
    }

    @Test
    void a_valid_token_yields_its_subject_events_and_expiry() throws AuthException {
        Instant expiresAt = NOW.plus(Duration.ofMinutes(10));
        String token = Tokens.sign(Tokens.SECRET, "host-anna", List.of("wedding-1", "wedding-2"), null, expiresAt);

        Principal principal = verifier.verify(token);

        assertThat(principal.subject()).isEqualTo("host-anna");
        assertThat(principal.events()).containsExactlyInAnyOrder("wedding-1", "wedding-2");
        assertThat(principal.allEvents()).isFalse();
        assertThat(principal.canPublish()).isFalse();
        assertThat(principal.expiresAt()).isEqualTo(expiresAt);
        assertThat(principal.mayWatch("wedding-1")).isTrue();
        assertThat(principal.mayWatch("wedding-3")).isFalse();
        assertThat(principal.mayPublish("wedding-1")).isFalse();
    }

    @Test
    void a_star_events_claim_allows_watching_every_event() throws AuthException {
        Principal principal = verifier.verify(Tokens.sign(Tokens.SECRET, "usher", "*", null, NOW.plusSeconds(60)));

        assertThat(principal.allEvents()).isTrue();
        assertThat(principal.mayWatch("any-event")).isTrue();
        assertThat(principal.mayPublish("any-event")).isFalse();
    }

    @Test
    void a_token_without_an_events_claim_may_watch_nothing() throws AuthException {
        Principal principal = verifier.verify(Tokens.sign(Tokens.SECRET, "usher", null, "publish", NOW.plusSeconds(60)));

        assertThat(principal.mayWatch("wedding-1")).isFalse();
        assertThat(principal.mayPublish("wedding-1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "publish            | true",
        "read publish       | true",
        "'  publish  read ' | true",
        "read\tpublish      | true",
        "publisher          | false",
        "read               | false",
        "PUBLISH            | false",
        "''                 | false",
    })
    void only_a_publish_entry_in_the_scope_allows_publishing(String scope, boolean canPublish) throws AuthException {
        Principal principal = verifier.verify(Tokens.sign(Tokens.SECRET, "usher", List.of("wedding-1"), scope, NOW.plusSeconds(60)));

        assertThat(principal.canPublish()).isEqualTo(canPublish);
        assertThat(principal.mayPublish("wedding-1")).isEqualTo(canPublish);
        assertThat(principal.mayPublish("wedding-2")).isFalse();
    }

    @Test
    void a_publish_scope_with_star_events_allows_publishing_to_every_event() throws AuthException {
        Principal principal = verifier.verify(Tokens.sign(Tokens.SECRET, "rsvp-site", "*", "publish", NOW.plusSeconds(60)));

        assertThat(principal.mayPublish("any-event")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {-30, -29, -1, 0, 1})
    void a_token_expired_within_the_leeway_is_accepted(long secondsFromNow) {
        String token = Tokens.sign(Tokens.SECRET, "host", List.of("e"), null, NOW.plusSeconds(secondsFromNow));

        assertThatCode(() -> verifier.verify(token)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {-31, -3600, -86_400 * 365})
    void a_token_expired_beyond_the_leeway_is_refused_as_expired(long secondsFromNow) {
        String token = Tokens.sign(Tokens.SECRET, "host", List.of("e"), null, NOW.plusSeconds(secondsFromNow));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.expired()).isTrue())
                .hasMessage("token expired");
    }

    @Test
    void an_expired_token_with_a_forged_signature_is_refused_as_invalid_not_expired() {
        String forged = Tokens.sign("another-secret-that-is-at-least-32-bytes", "host", List.of("e"), null, NOW.minusSeconds(3600));

        assertRefusedAsInvalid(() -> verifier.verify(forged), forged);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 29, 30})
    void a_not_before_within_the_leeway_is_accepted(long secondsFromNow) {
        String token = sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(secondsFromNow))).build());

        assertThatCode(() -> verifier.verify(token)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 3600})
    void a_not_before_in_the_future_beyond_the_leeway_is_refused_as_not_yet_valid(long secondsFromNow) {
        String token = sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(secondsFromNow))).build());

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.expired()).isFalse())
                .hasMessage("token not yet valid");
    }

    @Test
    void a_token_without_sub_is_refused() {
        String token = sign(new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token has no sub claim");
    }

    @Test
    void a_token_with_an_empty_sub_is_refused() {
        String token = sign(claims().subject("").build());

        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token has no sub claim");
    }

    @Test
    void a_token_without_exp_is_refused() {
        String token = sign(new JWTClaimsSet.Builder().subject("host").claim("events", List.of("e")).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token has no exp claim");
    }

    @Test
    void an_events_claim_holding_a_non_string_is_refused() {
        String token = sign(claims().claim("events", List.of("wedding-1", 42)).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("events claim must hold strings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wedding-1", "all", "**"})
    void an_events_claim_that_is_a_string_other_than_star_is_refused(String events) {
        String token = sign(claims().claim("events", events).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @Test
    void an_events_claim_that_is_an_object_is_refused() {
        String token = sign(claims().claim("events", Map.of("wedding-1", true)).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @Test
    void a_scope_claim_that_is_not_a_string_is_refused() {
        String token = sign(claims().claim("scope", List.of("publish")).build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("scope claim must be a space-separated string");
    }

    @Test
    void a_token_signed_with_another_secret_is_refused() {
        String token = Tokens.sign("another-secret-that-is-at-least-32-bytes", "host", "*", "publish", NOW.plusSeconds(60));

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("invalid token signature");
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        String token = new PlainJWT(claims().claim("events", "*").claim("scope", "publish").build()).serialize();

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @Test
    void an_rs256_token_is_refused_by_the_hs256_verifier() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = sign(claims().build(), JWSAlgorithm.RS256, new RSASSASigner(generator.generateKeyPair().getPrivate()));

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @Test
    void an_hs512_token_under_the_same_secret_is_refused() throws JOSEException {
        byte[] longSecret = "a-secret-long-enough-for-hs512-which-wants-64-bytes-of-key-bytes".getBytes(StandardCharsets.UTF_8);
        JwtVerifier strict = new JwtVerifier(longSecret, LEEWAY, Clock.fixed(NOW, ZoneOffset.UTC));
        String token = sign(claims().build(), JWSAlgorithm.HS512, new MACSigner(longSecret));

        assertRefusedAsInvalid(() -> strict.verify(token), token);
    }

    @Test
    void a_token_whose_payload_was_swapped_for_another_is_refused() {
        String narrow = sign(claims().claim("events", List.of("wedding-1")).build());
        String wide = sign(claims().claim("events", "*").claim("scope", "publish").build());
        String[] n = narrow.split("\\.");
        String[] w = wide.split("\\.");
        String tampered = n[0] + "." + w[1] + "." + n[2];

        assertRefusedAsInvalid(() -> verifier.verify(tampered), tampered);
    }

    @Test
    void a_token_with_a_flipped_signature_character_is_refused() {
        String token = sign(claims().build());
        int last = token.length() - 2;
        char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, last) + flipped + token.substring(last + 1);

        assertRefusedAsInvalid(() -> verifier.verify(tampered), tampered);
    }

    @Test
    void a_token_with_a_critical_header_parameter_is_refused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).customParam("exp-policy", "strict")
                .criticalParams(Set.of("exp-policy")).build();
        String token = sign(header, claims().build());

        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @Test
    void tokens_verified_on_many_threads_at_once_keep_their_own_verdicts() throws Exception {
        String valid = sign(claims().build());
        String forged = Tokens.sign("another-secret-that-is-at-least-32-bytes", "host-anna", "*", null, NOW.plusSeconds(60));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> verdicts = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String token = i % 2 == 0 ? valid : forged;
                verdicts.add(threads.submit(() -> accepts(token)));
            }
            for (int i = 0; i < verdicts.size(); i++) {
                assertThat(verdicts.get(i).get(10, TimeUnit.SECONDS)).as("token %d", i).isEqualTo(i % 2 == 0);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private boolean accepts(String token) {
        try {
            verifier.verify(token);
            return true;
        } catch (AuthException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "Bearer x.y.z"})
    void a_malformed_token_is_refused_without_echoing_it(String token) {
        assertRefusedAsInvalid(() -> verifier.verify(token), token);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void a_missing_token_is_refused(String token) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.expired()).isFalse())
                .hasMessage("missing token");
    }

    @Test
    void a_secret_shorter_than_32_bytes_cannot_make_a_verifier() {
        byte[] shortSecret = new byte[31];

        assertThatThrownBy(() -> new JwtVerifier(shortSecret, LEEWAY, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jwt-secret: 31 bytes (expected: at least 32)");
    }
}
