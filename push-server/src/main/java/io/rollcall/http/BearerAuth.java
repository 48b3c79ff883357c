package io.rollcall.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.rollcall.auth.AuthException;
import io.rollcall.auth.AuthFailure;
import io.rollcall.auth.Principal;

/** Reads and verifies {@code Authorization: Bearer <JWT>}. Thread-safe. */
final class BearerAuth {
    private static final String PREFIX = "Bearer ";

    private BearerAuth() {}

    static Principal verify(VerifiedTokens tokens, HttpRequest request) throws AuthException {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new AuthException(AuthFailure.MISSING, "missing Authorization: Bearer <token>");
        }
        return tokens.verify(header.substring(PREFIX.length()).trim());
    }
}
