package io.rollcall.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.auth.Jwks;
import io.rollcall.auth.JwtKeys;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code token} subcommand mints tokens the server accepts: HS256, RS256 and ES256. */
class TokenCommandTest {
    @TempDir
    Path dir;

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(TokenCommand.run(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private Path pem(PrivateKey key) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    private static Principal verify(String token, JWK key) throws Exception {
        JwtKeys keys = JwtKeys.of(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
        keys.replaceJwks(Jwks.of(new JWKSet(key.toPublicJWK())));
        return new JwtVerifier(keys, new JwtVerifier.Expectations("https://auth.example", "rollcall", Duration.ZERO), Clock.systemUTC())
                .verify(token);
    }

    @Test
    void an_rsa_pem_key_mints_an_rs256_token_with_kid_issuer_and_audience() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("ops-1").generate();

        String token = run("--key", pem(rsa.toPrivateKey()).toString(), "--kid", "ops-1", "--subject", "usher", "--events", "gala",
                "--scope", "publish", "--issuer", "https://auth.example", "--audience", "rollcall");

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        Principal principal = verify(token, rsa);
        assertThat(principal.subject()).isEqualTo("usher");
        assertThat(principal.mayPublish("gala")).isTrue();
    }

    @Test
    void an_ec_pem_key_mints_an_es256_token() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ops-ec").generate();

        String token = run("--key", pem(ec.toPrivateKey()).toString(), "--kid", "ops-ec", "--subject", "host", "--issuer",
                "https://auth.example", "--audience", "rollcall");

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(verify(token, ec).allEvents()).isTrue();
    }

    @Test
    void a_secret_still_mints_hs256() throws Exception {
        String token = run("--secret", Tokens.SECRET, "--subject", "host", "--events", "gala");

        assertThat(new JwtVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Clock.systemUTC()).verify(token)
                .mayWatch("gala")).isTrue();
    }

    @Test
    void a_key_file_that_is_not_pkcs8_is_refused() throws Exception {
        Path file = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThat(TokenCommand.run(new String[] {"--key", file.toString(), "--subject", "host"})).isEqualTo(2);
    }
}
