package io.rollcall.tools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar push-server.jar token (--secret S | --key private.pem [--kid K]) --subject ID
 * [--events a,b|*] [--scope publish] [--ttl 1h] [--issuer I] [--audience A]} prints a token for
 * trying the server out, for tests and scripts: HS256 with a secret, RS256 or ES256 (by the key's
 * type) with a PKCS#8 PEM private key. Production tokens come from the application's own auth service.
 */
public final class TokenCommand {
    private static final String USAGE = "usage: java -jar push-server.jar token (--secret S | --key private.pem [--kid K]) --subject ID"
            + " [--events a,b|*] [--scope publish] [--ttl 1h] [--issuer I] [--audience A]";

    private TokenCommand() {}

    /** Returns the exit code; prints the token or a usage message. */
    public static int run(String[] args) {
        Map<String, String> options = new HashMap<>(Map.of("events", "*", "ttl", "1h", "scope", "", "issuer", "", "audience", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            return usage("missing value for " + args[args.length - 1]);
        }
        String subject = options.get("subject");
        if (subject == null) {
            return usage("--subject is required");
        }
        Duration ttl;
        try {
            ttl = Duration.parse("PT" + options.get("ttl").toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return usage("--ttl: " + options.get("ttl") + " (expected: like 30m, 1h, 12h)");
        }
        JWSHeader header;
        JWSSigner signer;
        try {
            if (options.containsKey("key")) {
                PrivateKey key = PemPrivateKeys.read(Path.of(options.get("key")));
                boolean ec = key instanceof ECPrivateKey;
                header = new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256).keyID(options.get("kid")).build();
                signer = ec ? new ECDSASigner(key, Curve.P_256) : new RSASSASigner(key);
            } else {
                String secret = options.getOrDefault("secret", System.getenv().getOrDefault("ROLLCALL_JWT_SECRET", ""));
                if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                    return usage("--secret (at least 32 bytes, or ROLLCALL_JWT_SECRET) or --key is required");
                }
                header = new JWSHeader(JWSAlgorithm.HS256);
                signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | JOSEException e) {
            return usage(e.getMessage());
        }
        SignedJWT jwt = new SignedJWT(header, claims(options, subject, ttl));
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            return usage(e.getMessage());
        }
        System.out.println(jwt.serialize());
        return 0;
    }

    private static JWTClaimsSet claims(Map<String, String> options, String subject, Duration ttl) {
        String events = options.get("events");
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(ttl)))
                .claim("events", events.equals("*") ? "*" : List.of(events.split(",")));
        if (!options.get("scope").isEmpty()) {
            claims.claim("scope", options.get("scope"));
        }
        if (!options.get("issuer").isEmpty()) {
            claims.issuer(options.get("issuer"));
        }
        if (!options.get("audience").isEmpty()) {
            claims.audience(options.get("audience"));
        }
        return claims.build();
    }

    private static int usage(String problem) {
        System.err.println("token: " + problem);
        System.err.println(USAGE);
        return 2;
    }
}
