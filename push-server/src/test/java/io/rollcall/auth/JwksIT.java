package io.rollcall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.config.Setting;
import io.rollcall.session.ErrorCode;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node verifying RS256/ES256 tokens with keys from a JWKS file it reloads, with iss and aud configured. */
class JwksIT {
    private static final String PROTO = "rollcall.v1.proto";
    private static final String ISSUER = "https://auth.example";
    private static final String AUDIENCE = "rollcall";

    @TempDir
    Path dir;

    private final RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    private final ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    private Path jwksFile;
    private TestServer server;

    JwksIT() throws JOSEException {}

    @BeforeEach
    void start() throws Exception {
        jwksFile = dir.resolve("jwks.json");
        writeJwks(rsa, ec);
        server = new TestServer().with(Setting.JWT_SECRET, "").with(Setting.JWT_JWKS_FILE, jwksFile.toString())
                .with(Setting.JWT_ISSUER, ISSUER).with(Setting.JWT_AUDIENCE, AUDIENCE).with(Setting.RELOAD_INTERVAL, "100ms");
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private void writeJwks(JWK... keys) throws Exception {
        List<JWK> publicKeys = java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList();
        Path staged = dir.resolve("jwks.json.new");
        Files.writeString(staged, new JWKSet(publicKeys).toString());
        Files.move(staged, jwksFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sign(JWSAlgorithm algorithm, String kid, JWSSigner signer, String issuer, String audience) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("host").issuer(issuer).audience(audience).claim("events", "*")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String rs256(RSAKey key) throws JOSEException {
        return sign(JWSAlgorithm.RS256, key.getKeyID(), new RSASSASigner(key), ISSUER, AUDIENCE);
    }

    /** Whether the server answers connect with connected (rather than a close). */
    private boolean connects(String token) throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.sendConnect(token);
            await().atMost(WsTestClient.TIMEOUT).until(() -> !client.frames.isEmpty() || client.closeCode.isDone());
            return !client.frames.isEmpty() && client.frames.peek().hasConnected();
        }
    }

    private int closeCodeFor(String token) throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO)) {
            client.sendConnect(token);
            return client.awaitClose();
        }
    }

    @Test
    void rs256_and_es256_tokens_from_the_jwks_connect() throws Exception {
        assertThat(connects(rs256(rsa))).isTrue();
        assertThat(connects(sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), ISSUER, AUDIENCE))).isTrue();
    }

    @Test
    void a_wrong_issuer_or_audience_an_unknown_kid_or_a_confused_algorithm_is_unauthorized() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-9").generate();
        List<String> refused = List.of(
                sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), "https://evil.example", AUDIENCE),
                sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), ISSUER, "billing"),
                rs256(stranger),
                sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(stranger), ISSUER, AUDIENCE),
                sign(JWSAlgorithm.HS256, "rsa-1", new MACSigner(rsa.toRSAPublicKey().getEncoded()), ISSUER, AUDIENCE));
        for (String token : refused) {
            assertThat(closeCodeFor(token)).isEqualTo(ErrorCode.UNAUTHORIZED.code());
        }
        String metrics = server.server().metrics().scrape();
        assertThat(metrics).contains("rollcall_auth_failures_total{reason=\"issuer\"} 1.0", "rollcall_auth_failures_total{reason=\"audience\"} 1.0",
                "rollcall_auth_failures_total{reason=\"unknown_key\"} 2.0", "rollcall_auth_failures_total{reason=\"bad_signature\"} 1.0");
    }

    @Test
    void a_rotated_jwks_file_is_picked_up_without_a_restart() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        String oldToken = rs256(rsa);
        String newToken = rs256(next);
        assertThat(connects(newToken)).isFalse();

        writeJwks(next);

        await().atMost(Duration.ofSeconds(10)).until(() -> connects(newToken));
        assertThat(closeCodeFor(oldToken)).isEqualTo(ErrorCode.UNAUTHORIZED.code());
    }

    @Test
    void a_broken_jwks_file_keeps_the_previous_keys() throws Exception {
        Files.writeString(jwksFile, "{ not json");

        // Give the watcher several polls; the old keys must still work throughout.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> connects(rs256(rsa)));
    }
}
