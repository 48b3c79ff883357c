package io.rollcall.auth;

import java.util.Locale;

/** Why a token or a request was refused; a small fixed set, used as a metric label. */
public enum AuthFailure {
    /** No token where one is required. */
    MISSING,
    /** Not a compact JWS, or claims that are not JSON. */
    MALFORMED,
    /** {@code alg: none}, an encrypted token, or an algorithm this node has no keys for. */
    ALGORITHM,
    /** A {@code kid} (or, without one, an algorithm) that matches no configured key. */
    UNKNOWN_KEY,
    /** The signature does not verify with the selected key. */
    BAD_SIGNATURE,
    EXPIRED,
    NOT_YET_VALID,
    /** {@code iss} is not the configured issuer. */
    ISSUER,
    /** {@code aud} does not name the configured audience. */
    AUDIENCE,
    /** A required claim is missing or of the wrong type. */
    CLAIMS,
    /** A refresh token for another {@code sub}. */
    SUBJECT_CHANGED,
    /** A valid token that does not allow the event or the action. */
    FORBIDDEN;

    /** Lower-case label for metrics, e.g. {@code bad_signature}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
