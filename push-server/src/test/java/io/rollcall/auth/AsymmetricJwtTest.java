package io.rollcall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.testing.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 and ES256 tokens checked against JWKS keys, algorithm confusion, and the iss/aud checks. */
class AsymmetricJwtTest {
    private static final Instant NOW = Instant.parse("2026-06-20T18:00:00Z");
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    private static final RSAKey RSA = generateRsa("rsa-1");
    private static final RSAKey OTHER_RSA = generateRsa("rsa-1");
    private static final ECKey EC = generateEc("ec-1");

    private final JwtKeys keys = JwtKeys.of(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    private final JwtVerifier verifier = new JwtVerifier(keys, new JwtVerifier.Expectations("", "", LEEWAY), Clock.fixed(NOW, ZoneOffset.UTC));

    AsymmetricJwtTest() throws IOException {
        keys.replaceJwks(Jwks.of(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK()))));
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("host-anna").claim("events", List.of("gala"))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String rs256(RSAKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims, new RSASSASigner(key));
    }

    private static String es256(ECKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims, new ECDSASigner(key));
    }

    private void assertRefused(String token, AuthFailure reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.substring(0, token.indexOf('.')));
        });
    }

    @Test
    void an_rs256_token_with_a_known_kid_is_accepted() throws Exception {
        Principal principal = verifier.verify(rs256(RSA, "rsa-1", claims().build()));

        assertThat(principal.subject()).isEqualTo("host-anna");
        assertThat(principal.mayWatch("gala")).isTrue();
    }

    @Test
    void an_es256_token_with_a_known_kid_is_accepted() throws Exception {
        assertThat(verifier.verify(es256(EC, "ec-1", claims().build())).subject()).isEqualTo("host-anna");
    }

    @Test
    void a_token_without_kid_is_tried_against_every_key_of_its_algorithm() throws Exception {
        assertThat(verifier.verify(rs256(RSA, null, claims().build())).subject()).isEqualTo("host-anna");
        assertThat(verifier.verify(es256(EC, null, claims().build())).subject()).isEqualTo("host-anna");
    }

    @Test
    void hs256_with_the_secret_still_works_next_to_the_jwks() throws Exception {
        assertThat(verifier.verify(Tokens.watch("host-anna", "gala")).subject()).isEqualTo("host-anna");
    }

    @Test
    void a_token_signed_by_another_key_under_a_known_kid_is_refused() throws Exception {
        assertRefused(rs256(OTHER_RSA, "rsa-1", claims().build()), AuthFailure.BAD_SIGNATURE);
    }

    @Test
    void an_unknown_kid_is_refused() throws Exception {
        assertRefused(rs256(RSA, "rsa-2", claims().build()), AuthFailure.UNKNOWN_KEY);
        assertRefused(es256(EC, "rsa-1", claims().build()), AuthFailure.UNKNOWN_KEY);
    }

    @Test
    void an_expired_rs256_token_is_refused_as_expired() throws Exception {
        assertRefused(rs256(RSA, "rsa-1", claims().expirationTime(Date.from(NOW.minus(Duration.ofMinutes(5)))).build()),
                AuthFailure.EXPIRED);
    }

    @Test
    void a_not_yet_valid_es256_token_is_refused() throws Exception {
        assertRefused(es256(EC, "ec-1", claims().notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).build()),
                AuthFailure.NOT_YET_VALID);
    }

    @Test
    void hs256_signed_with_the_rsa_public_key_as_secret_is_refused() throws Exception {
        // The classic confusion attack: the attacker knows the public key and uses its bytes as an HMAC secret.
        byte[] publicKeyAsSecret = RSA.toPublicJWK().toRSAPublicKey().getEncoded();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build();
        assertRefused(sign(header, claims().build(), new MACSigner(publicKeyAsSecret)), AuthFailure.BAD_SIGNATURE);
        byte[] pemBytes = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertRefused(sign(header, claims().build(), new MACSigner(pemBytes)), AuthFailure.BAD_SIGNATURE);
    }

    @Test
    void hs256_is_refused_outright_when_only_a_jwks_is_configured() throws Exception {
        JwtKeys jwksOnly = JwtKeys.of(new byte[0]);
        jwksOnly.replaceJwks(Jwks.of(new JWKSet(RSA.toPublicJWK())));
        JwtVerifier strict = new JwtVerifier(jwksOnly, new JwtVerifier.Expectations("", "", LEEWAY), Clock.fixed(NOW, ZoneOffset.UTC));
        String confused = sign(new JWSHeader(JWSAlgorithm.HS256), claims().build(), new MACSigner(RSA.toRSAPublicKey().getEncoded()));

        assertThatThrownBy(() -> strict.verify(confused)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.reason()).isEqualTo(AuthFailure.UNKNOWN_KEY));
        assertThat(strict.verify(rs256(RSA, "rsa-1", claims().build())).subject()).isEqualTo("host-anna");
    }

    @Test
    void keys_embedded_in_or_referenced_by_the_header_are_never_used() throws Exception {
        RSAKey attacker = generateRsa("rsa-1");
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").jwk(attacker.toPublicJWK())
                .jwkURL(java.net.URI.create("https://evil.example/jwks.json")).build();

        assertRefused(sign(header, claims().build(), new RSASSASigner(attacker)), AuthFailure.BAD_SIGNATURE);
        JWSHeader unknownKid = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").jwk(attacker.toPublicJWK()).build();
        assertRefused(sign(unknownKid, claims().build(), new RSASSASigner(attacker)), AuthFailure.UNKNOWN_KEY);
    }

    @Test
    void an_unknown_critical_header_is_refused() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").criticalParams(java.util.Set.of("urn:x-rule"))
                .customParam("urn:x-rule", "must-understand").build();

        assertRefused(sign(header, claims().build(), new RSASSASigner(RSA)), AuthFailure.BAD_SIGNATURE);
    }

    @Test
    void alg_none_is_refused() {
        String unsigned = new PlainJWT(claims().build()).serialize();
        assertRefused(unsigned, AuthFailure.ALGORITHM);
    }

    @Test
    void an_rs256_header_over_an_es256_signature_is_refused() throws Exception {
        String es = es256(EC, "ec-1", claims().build());
        String header = Base64URL.encode(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build().toString()).toString();
        assertRefused(header + es.substring(es.indexOf('.')), AuthFailure.BAD_SIGNATURE);
    }

    @Test
    void algorithms_other_than_hs256_rs256_es256_are_refused() throws Exception {
        RSAKey key = generateRsa("rsa-1");
        String ps256 = sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(), claims().build(), new RSASSASigner(key));
        assertRefused(ps256, AuthFailure.ALGORITHM);
    }

    @Test
    void issuer_and_audience_are_checked_when_configured() throws Exception {
        JwtVerifier checking = new JwtVerifier(keys, new JwtVerifier.Expectations("https://auth.example", "rollcall", LEEWAY),
                Clock.fixed(NOW, ZoneOffset.UTC));
        String right = rs256(RSA, "rsa-1", claims().issuer("https://auth.example").audience(List.of("other", "rollcall")).build());
        String wrongIssuer = rs256(RSA, "rsa-1", claims().issuer("https://evil.example").audience("rollcall").build());
        String noIssuer = rs256(RSA, "rsa-1", claims().audience("rollcall").build());
        String wrongAudience = rs256(RSA, "rsa-1", claims().issuer("https://auth.example").audience("billing").build());
        String noAudience = rs256(RSA, "rsa-1", claims().issuer("https://auth.example").build());

        assertThat(checking.verify(right).subject()).isEqualTo("host-anna");
        for (String token : List.of(wrongIssuer, noIssuer)) {
            assertThatThrownBy(() -> checking.verify(token)).isInstanceOfSatisfying(AuthException.class,
                    e -> assertThat(e.reason()).isEqualTo(AuthFailure.ISSUER));
        }
        for (String token : List.of(wrongAudience, noAudience)) {
            assertThatThrownBy(() -> checking.verify(token)).isInstanceOfSatisfying(AuthException.class,
                    e -> assertThat(e.reason()).isEqualTo(AuthFailure.AUDIENCE));
        }
        assertThat(verifier.verify(wrongIssuer).subject()).as("unchecked when not configured").isEqualTo("host-anna");
    }

    @Test
    void a_replaced_jwks_takes_effect_for_the_next_token() throws Exception {
        RSAKey next = generateRsa("rsa-2");
        String oldToken = rs256(RSA, "rsa-1", claims().build());
        String newToken = rs256(next, "rsa-2", claims().build());

        keys.replaceJwks(Jwks.of(new JWKSet(next.toPublicJWK())));

        assertThat(verifier.verify(newToken).subject()).isEqualTo("host-anna");
        assertRefused(oldToken, AuthFailure.UNKNOWN_KEY);
    }

    @Test
    void a_jwks_file_keeps_only_usable_signature_keys(@TempDir Path dir) throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        RSAKey wrongAlg = new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        OctetSequenceKey symmetric = new OctetSequenceKeyGenerator(256).keyID("oct").generate();
        List<JWK> all = List.of(RSA.toPublicJWK(), EC.toPublicJWK(), weak.toPublicJWK(), encryption.toPublicJWK(), wrongAlg.toPublicJWK(),
                p384.toPublicJWK(), symmetric);
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(all).toString(false));

        Jwks jwks = Jwks.load(file);

        assertThat(jwks.size()).isEqualTo(2);
        assertThat(jwks.select(JWSAlgorithm.RS256, "rsa-1")).hasSize(1);
        assertThat(jwks.select(JWSAlgorithm.RS256, "weak")).isEmpty();
        assertThat(jwks.select(JWSAlgorithm.RS256, "enc")).isEmpty();
        assertThat(jwks.select(JWSAlgorithm.ES256, "p384")).isEmpty();
    }

    @Test
    void a_file_that_is_not_a_jwks_is_refused_with_its_name(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{\"keys\": 42}");

        assertThatThrownBy(() -> Jwks.load(file)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    }
}
