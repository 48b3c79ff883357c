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
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.auth.AuthException;
import io.rollcall.auth.Jwks;
import io.rollcall.auth.JwtKeys;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link JwtVerifier#verify} of a typical client token, as every {@code connect} (and HTTP request)
 * pays it: parse, key selection by {@code kid}, signature check, claims. {@code algorithm} = HS256
 * (secret), RS256 (2048-bit key) or ES256 (P-256), the JWKS holding both public keys.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class JwtVerifierBenchmark extends BenchmarkBase {
    private static final byte[] SECRET = "benchmark-secret-that-is-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);

    @Param({"HS256", "RS256", "ES256"})
    String algorithm;

    JwtVerifier verifier;
    String token;

    @Setup
    public void setUp() throws JOSEException, IOException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        JwtKeys keys = JwtKeys.of(SECRET);
        keys.replaceJwks(Jwks.of(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))));
        verifier = new JwtVerifier(keys, new JwtVerifier.Expectations("https://auth.example", "rollcall", Duration.ofSeconds(30)),
                Clock.systemUTC());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("host-anna").issuer("https://auth.example").audience("rollcall")
                .claim("events", List.of("wedding-2026")).expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build();
        token = switch (algorithm) {
            case "HS256" -> sign(new JWSHeader(JWSAlgorithm.HS256), claims, new MACSigner(SECRET));
            case "RS256" -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims, new RSASSASigner(rsa));
            default -> sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims, new ECDSASigner(ec));
        };
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public Principal verify() throws AuthException {
        return verifier.verify(token);
    }
}
