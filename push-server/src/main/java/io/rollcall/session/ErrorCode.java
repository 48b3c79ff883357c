package io.rollcall.session;

/**
 * Every error and close code of protocol v1 (docs/protocol.md). Codes that {@link #closes()} end
 * the connection with a WebSocket close frame carrying the code and reason; the others are sent as
 * an {@code error} frame and the session continues. {@link #reconnect()} tells clients whether
 * reconnecting (with backoff) can help.
 */
public enum ErrorCode {
    GOING_AWAY(1001, "going away", true, true),
    PROTOCOL_VIOLATION(1002, "protocol violation", true, false),
    MESSAGE_TOO_BIG(1009, "message too big", true, false),
    MALFORMED_FRAME(4400, "malformed frame", true, false),
    UNAUTHORIZED(4401, "unauthorized", true, false),
    FORBIDDEN(4403, "forbidden", false, false),
    NOT_SUBSCRIBED(4404, "not subscribed", false, false),
    UNEXPECTED_FRAME(4405, "unexpected frame", true, false),
    CONNECT_TIMEOUT(4408, "connect timeout", true, true),
    ALREADY_SUBSCRIBED(4409, "already subscribed", false, false),
    HEARTBEAT_TIMEOUT(4410, "heartbeat timeout", true, true),
    TOO_MANY_SUBSCRIPTIONS(4420, "too many subscriptions", false, false),
    INVALID_ARGUMENT(4422, "invalid argument", false, false),
    RATE_LIMITED(4429, "rate limited", true, true),
    TOKEN_EXPIRED(4440, "token expired", true, true),
    /** A warning, not a close: the token expires soon; send {@code refresh} to keep the session. */
    TOKEN_EXPIRING(4441, "token expiring", false, false),
    SLOW_CONSUMER(4450, "slow consumer", true, true),
    INTERNAL_ERROR(4500, "internal error", true, true),
    UNAVAILABLE(4503, "unavailable", true, true);

    private final int code;
    private final String reason;
    private final boolean closes;
    private final boolean reconnect;

    ErrorCode(int code, String reason, boolean closes, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.closes = closes;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    /** Short reason for close frames (well under the 123-byte limit). */
    public String reason() {
        return reason;
    }

    public boolean closes() {
        return closes;
    }

    public boolean reconnect() {
        return reconnect;
    }

    /** Lower-case label for metrics, e.g. {@code slow_consumer}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
