package io.rollcall.auth;

/** A token that was refused; {@link #expired()} tells an expired token from an invalid one. */
public final class AuthException extends Exception {
    private final boolean expired;

    public AuthException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}
