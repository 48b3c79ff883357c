package io.rollcall.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks HS256 signatures with one initialised {@link Mac} per thread. Nimbus's
 * {@code MACVerifier} looks the algorithm up and initialises a new {@code Mac} for every token,
 * which is most of the cost of verifying one during a connect storm; the result is the same.
 * Like it, refuses tokens with critical ({@code crit}) header parameters, since none is
 * understood here, and compares in constant time. Thread-safe.
 */
final class Hs256Verifier implements JWSVerifier {
    private static final String ALGORITHM = "HmacSHA256";

    private final JCAContext jcaContext = new JCAContext();
    private final ThreadLocal<Mac> macs;

    Hs256Verifier(byte[] secret) {
        if (secret.length < JwtKeys.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("jwt-secret: " + secret.length + " bytes (expected: at least " + JwtKeys.MIN_SECRET_BYTES + ")");
        }
        SecretKeySpec key = new SecretKeySpec(secret, ALGORITHM);
        newMac(key); // fails here, at start, rather than at the first token
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            return false;
        }
        Set<String> critical = header.getCriticalParams();
        if (critical != null && !critical.isEmpty()) {
            return false;
        }
        byte[] presented;
        try {
            // The JDK's decoder: the signature is public, only the comparison must be constant-time.
            presented = Base64.getUrlDecoder().decode(signature.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // doFinal leaves the Mac reset and ready for the thread's next token.
        byte[] expected = macs.get().doFinal(signingInput);
        return MessageDigest.isEqual(expected, presented);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.HS256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
