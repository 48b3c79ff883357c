package io.rollcall.auth;

/**
 * A token that was refused, with the {@link AuthFailure reason}. Messages never contain the token.
 */
public final class AuthException extends Exception {
    private final AuthFailure reason;

    public AuthException(AuthFailure reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public AuthFailure reason() {
        return reason;
    }

    public boolean expired() {
        return reason == AuthFailure.EXPIRED;
    }
}
