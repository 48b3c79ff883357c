package io.rollcall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import io.rollcall.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Token parsing never fails except with {@link AuthException}: for arbitrary strings, and for
 * arbitrary header and claims JSON correctly signed with the node's secret (so the fuzzer reaches
 * the claim checks behind the signature). Regression inputs: {@code TokenFuzzTestInputs/}.
 */
class TokenFuzzTest {
    private static final byte[] SECRET = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);
    private final JwtVerifier verifier = new JwtVerifier(SECRET, Duration.ofSeconds(30),
            Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "1m")
    void arbitrary_strings_are_refused_with_an_auth_error(byte[] token) {
        verify(new String(token, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "1m")
    void arbitrary_signed_claims_are_accepted_or_refused_with_an_auth_error(FuzzedDataProvider data) throws JOSEException {
        String header = data.consumeString(200);
        String claims = data.consumeRemainingAsString();
        String signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims);
        Base64URL signature = new MACSigner(SECRET).sign(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                signingInput.getBytes(StandardCharsets.US_ASCII));
        verify(signingInput + "." + signature);
    }

    private void verify(String token) {
        try {
            Principal principal = verifier.verify(token);
            assertThat(principal.subject()).isNotEmpty();
        } catch (AuthException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
