package io.rollcall.tools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar push-server.jar token --secret S --subject ID --events a,b|* [--scope publish] [--ttl 1h]}
 * prints an HS256 token for trying the server out and for scripts. Production tokens come from the
 * application's own auth service.
 */
public final class TokenCommand {
    private TokenCommand() {}

    /** Returns the exit code; prints the token or a usage message. */
    public static int run(String[] args) {
        Map<String, String> options = new HashMap<>(Map.of("events", "*", "ttl", "1h", "scope", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            return usage("missing value for " + args[args.length - 1]);
        }
        String secret = options.getOrDefault("secret", System.getenv().getOrDefault("ROLLCALL_JWT_SECRET", ""));
        String subject = options.get("subject");
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32 || subject == null) {
            return usage("--secret (at least 32 bytes, or ROLLCALL_JWT_SECRET) and --subject are required");
        }
        Duration ttl;
        try {
            ttl = Duration.parse("PT" + options.get("ttl").toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            return usage("--ttl: " + options.get("ttl") + " (expected: like 30m, 1h, 12h)");
        }
        String events = options.get("events");
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(ttl)))
                .claim("events", events.equals("*") ? "*" : List.of(events.split(",")));
        if (!options.get("scope").isEmpty()) {
            claims.claim("scope", options.get("scope"));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            return usage(e.getMessage());
        }
        System.out.println(jwt.serialize());
        return 0;
    }

    private static int usage(String problem) {
        System.err.println("token: " + problem);
        System.err.println("usage: java -jar push-server.jar token --secret S --subject ID [--events a,b|*] [--scope publish] [--ttl 1h]");
        return 2;
    }
}
