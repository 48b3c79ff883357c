package io.rollcall.http;

import io.rollcall.auth.AuthException;
import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers bearer tokens the {@link JwtVerifier} accepted, so a publisher that sends the same
 * token with every request pays for parsing and checking it about once per {@link #MAX_AGE}
 * instead of once per request. An entry answers only before the token's {@code exp} (after that
 * the verifier decides, with its leeway) and at most {@link #MAX_AGE} after the token was
 * verified, so a key dropped from the JWKS file stops working within that time. Refused tokens
 * are never remembered. At most {@link #MAX_ENTRIES} tokens (publishers are few); when full it
 * starts over. Thread-safe.
 */
final class VerifiedTokens {
    static final int MAX_ENTRIES = 256;
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private record Entry(Principal principal, long validUntilMillis) {}

    private final JwtVerifier verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    VerifiedTokens(JwtVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /** The token's principal, from memory while the entry is valid, otherwise from the verifier. */
    Principal verify(String token) throws AuthException {
        long now = clock.millis();
        Entry entry = entries.get(token);
        if (entry != null && now < entry.validUntilMillis()) {
            return entry.principal();
        }
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (AuthException e) {
            if (entry != null) {
                entries.remove(token, entry);
            }
            throw e;
        }
        long validUntil = Math.min(now + MAX_AGE.toMillis(), principal.expiresAt().toEpochMilli());
        if (validUntil > now) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(token, new Entry(principal, validUntil));
        } else if (entry != null) {
            entries.remove(token, entry);
        }
        return principal;
    }

    /** Tokens remembered now (for tests). */
    int size() {
        return entries.size();
    }
}
