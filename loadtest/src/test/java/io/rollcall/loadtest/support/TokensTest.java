package io.rollcall.loadtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.auth.AuthException;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final String SECRET = "a-load-test-secret-of-at-least-32-bytes!";
    private final JwtVerifier verifier = new JwtVerifier(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Clock.systemUTC());

    @Test
    void mintsWatchTokensTheServerAccepts() throws AuthException {
        Principal principal = verifier.verify(Tokens.hs256(SECRET, "sub-1", List.of("ev1", "ev2"), null, Instant.now().plusSeconds(60)));
        assertThat(principal.subject()).isEqualTo("sub-1");
        assertThat(principal.mayWatch("ev2")).isTrue();
        assertThat(principal.mayWatch("ev3")).isFalse();
        assertThat(principal.mayPublish("ev1")).isFalse();
    }

    @Test
    void mintsPublishTokensTheServerAccepts() throws AuthException {
        Principal principal = verifier.verify(Tokens.hs256(SECRET, "pub", List.of("ev1"), "publish", Instant.now().plusSeconds(60)));
        assertThat(principal.mayPublish("ev1")).isTrue();
    }

    @Test
    void signsWithTheGivenSecret() {
        String forged = Tokens.hs256("another-secret-that-is-32-bytes-long!!", "sub", List.of("ev1"), null, Instant.now().plusSeconds(60));
        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(AuthException.class);
    }
}
