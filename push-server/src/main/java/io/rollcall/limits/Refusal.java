package io.rollcall.limits;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/**
 * Why a WebSocket upgrade is refused: the HTTP status, a stable machine-readable reason (also the
 * metric label), a message for people, and when to retry ({@code null}: retrying will not help).
 */
public record Refusal(HttpResponseStatus status, String reason, String message, Duration retryAfter) {}
