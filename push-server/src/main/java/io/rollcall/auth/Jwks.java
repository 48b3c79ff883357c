package io.rollcall.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys of a JWKS file, indexed for the connect path: RSA keys (at least 2048 bits) verify
 * RS256, P-256 EC keys verify ES256; keys marked for another use or algorithm, and symmetric keys,
 * are left out (HS256 uses only the configured secret, so a public key can never be taken for an
 * HMAC secret). Immutable and thread-safe.
 */
public final class Jwks {
    static final Jwks EMPTY = new Jwks(Map.of(), Map.of(), 0);
    private static final int MIN_RSA_BITS = 2048;

    private final Map<JWSAlgorithm, Map<String, List<JWSVerifier>>> byKid;
    private final Map<JWSAlgorithm, List<JWSVerifier>> byAlgorithm;
    private final int size;

    private Jwks(Map<JWSAlgorithm, Map<String, List<JWSVerifier>>> byKid, Map<JWSAlgorithm, List<JWSVerifier>> byAlgorithm, int size) {
        this.byKid = byKid;
        this.byAlgorithm = byAlgorithm;
        this.size = size;
    }

    /** Reads a JWKS file ({@code {"keys": [...]}}); throws with the file name and what is wrong. */
    public static Jwks load(Path file) throws IOException {
        try {
            return of(JWKSet.load(file.toFile()));
        } catch (ParseException e) {
            throw new IOException(file + ": not a JWK set (" + e.getMessage() + ")");
        }
    }

    public static Jwks of(JWKSet set) throws IOException {
        Map<JWSAlgorithm, Map<String, List<JWSVerifier>>> byKid = new HashMap<>();
        Map<JWSAlgorithm, List<JWSVerifier>> byAlgorithm = new HashMap<>();
        int size = 0;
        for (JWK jwk : set.getKeys()) {
            JWSAlgorithm algorithm = algorithmOf(jwk);
            if (algorithm == null || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                    || (jwk.getAlgorithm() != null && !algorithm.equals(jwk.getAlgorithm()))) {
                continue;
            }
            JWSVerifier verifier = verifierOf(jwk);
            byAlgorithm.computeIfAbsent(algorithm, a -> new ArrayList<>()).add(verifier);
            if (jwk.getKeyID() != null) {
                byKid.computeIfAbsent(algorithm, a -> new HashMap<>()).put(jwk.getKeyID(), List.of(verifier));
            }
            size++;
        }
        byKid.replaceAll((algorithm, keys) -> Map.copyOf(keys));
        byAlgorithm.replaceAll((algorithm, keys) -> List.copyOf(keys));
        return new Jwks(Map.copyOf(byKid), Map.copyOf(byAlgorithm), size);
    }

    private static JWSAlgorithm algorithmOf(JWK jwk) {
        if (jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
            return JWSAlgorithm.RS256;
        }
        if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return JWSAlgorithm.ES256;
        }
        return null;
    }

    private static JWSVerifier verifierOf(JWK jwk) throws IOException {
        try {
            return jwk instanceof RSAKey rsa ? new RSASSAVerifier(rsa.toPublicJWK()) : new ECDSAVerifier(((ECKey) jwk).toPublicJWK());
        } catch (JOSEException e) {
            throw new IOException("key " + jwk.getKeyID() + ": " + e.getMessage());
        }
    }

    /**
     * The verifiers for a token's algorithm and {@code kid}: the one key with that id, or, for a
     * token without a {@code kid}, every key of the algorithm.
     */
    List<JWSVerifier> select(JWSAlgorithm algorithm, String kid) {
        if (kid == null) {
            return byAlgorithm.getOrDefault(algorithm, List.of());
        }
        return byKid.getOrDefault(algorithm, Map.of()).getOrDefault(kid, List.of());
    }

    /** How many usable keys the set holds. */
    public int size() {
        return size;
    }
}
