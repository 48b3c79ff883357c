package io.rollcall.benchmarks;

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
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.rollcall.auth.JwtVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a client's token (the first frame of every connection and each in-band refresh), per
 * signature algorithm. HS256 runs through the server's {@link JwtVerifier}. This branch's verifier
 * accepts only HS256, so RS256 (2048-bit) and ES256 (P-256) run through nimbus's
 * {@code DefaultJWTProcessor} set up the way the verifier sets up HS256 (key selector for the one
 * algorithm, claims read afterwards): the signature check, which dominates, is the same code the
 * server will run; the claims mapping (~1 µs) is missing from those two rows.
 */
@State(Scope.Benchmark)
public class JwtVerificationBenchmark extends BenchmarkBase {
    @Param({"HS256", "RS256", "ES256"})
    String algorithm;

    private JwtVerifier hs256;
    private DefaultJWTProcessor<SecurityContext> processor;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("host-417")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(12))))
                .claim("events", List.of(Fixtures.EVENT_ID, "wedding-2026-06-21-porto"))
                .build();
        switch (algorithm) {
            case "HS256" -> {
                byte[] secret = "benchmark-secret-0123456789abcdef0123456789".getBytes(StandardCharsets.US_ASCII);
                hs256 = new JwtVerifier(secret, Duration.ofSeconds(30), Clock.systemUTC());
                token = sign(new MACSigner(secret), JWSAlgorithm.HS256, null, claims);
            }
            case "RS256" -> {
                RSAKey key = new RSAKeyGenerator(2048).keyID("rs").generate();
                processor = processorFor(JWSAlgorithm.RS256, key.toPublicJWK());
                token = sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims);
            }
            case "ES256" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID("es").generate();
                processor = processorFor(JWSAlgorithm.ES256, key.toPublicJWK());
                token = sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), claims);
            }
            default -> throw new IllegalArgumentException("algorithm: " + algorithm + " (expected: HS256, RS256 or ES256)");
        }
        if (verify() == null) {
            throw new IllegalStateException("the " + algorithm + " token does not verify");
        }
    }

    @Benchmark
    public Object verify() throws Exception {
        return hs256 != null ? hs256.verify(token) : processor.process(token, null);
    }

    private static DefaultJWTProcessor<SecurityContext> processorFor(JWSAlgorithm algorithm, JWK publicKey) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(new JWKSet(publicKey))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor;
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
