package io.rollcall.metrics;

import io.rollcall.session.ErrorCode;

/**
 * Groups error codes into the few kinds an error-ratio panel needs. Going away is a normal close
 * (drain, deploy), not an error. Thread-safe (stateless).
 */
final class ErrorKinds {
    private ErrorKinds() {}

    /** The kind label of the code, or null when the code is not an error. */
    static String of(ErrorCode code) {
        return switch (code) {
            case GOING_AWAY -> null;
            case UNAUTHORIZED, FORBIDDEN, TOKEN_EXPIRED -> "auth";
            case RATE_LIMITED -> "rate_limit";
            case SLOW_CONSUMER -> "slow_consumer";
            case CONNECT_TIMEOUT, HEARTBEAT_TIMEOUT -> "timeout";
            case INTERNAL_ERROR, UNAVAILABLE -> "internal";
            default -> "protocol";
        };
    }
}
