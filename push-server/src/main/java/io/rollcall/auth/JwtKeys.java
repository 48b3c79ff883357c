package io.rollcall.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.util.List;

/**
 * The keys tokens may be signed with: an HS256 secret and/or the public keys of a JWKS file, which
 * {@link #replaceJwks} swaps when the file changes (tokens verified after the swap see the new set).
 * Thread-safe.
 */
public final class JwtKeys {
    /** HS256 needs a 256-bit key (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final List<JWSVerifier> secret;
    private volatile Jwks jwks = Jwks.EMPTY;

    private JwtKeys(List<JWSVerifier> secret) {
        this.secret = secret;
    }

    /** Keys with an HS256 secret, or only JWKS keys when {@code secret} is empty. */
    public static JwtKeys of(byte[] secret) {
        if (secret.length == 0) {
            return new JwtKeys(List.of());
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("jwt-secret: " + secret.length + " bytes (expected: at least " + MIN_SECRET_BYTES + ")");
        }
        return new JwtKeys(List.of(new Hs256Verifier(secret)));
    }

    public void replaceJwks(Jwks next) {
        jwks = next;
    }

    /** The verifiers to try for a token, or an {@link AuthException} saying why there are none. */
    List<JWSVerifier> select(JWSAlgorithm algorithm, String kid) throws AuthException {
        List<JWSVerifier> keys;
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            keys = secret;
        } else if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.ES256.equals(algorithm)) {
            keys = jwks.select(algorithm, kid);
            if (keys.isEmpty() && kid != null) {
                throw new AuthException(AuthFailure.UNKNOWN_KEY, "no key with this kid for " + algorithm);
            }
        } else {
            throw new AuthException(AuthFailure.ALGORITHM, "algorithm not accepted (expected: HS256, RS256 or ES256)");
        }
        if (keys.isEmpty()) {
            throw new AuthException(AuthFailure.UNKNOWN_KEY, "no key configured for " + algorithm);
        }
        return keys;
    }
}
