package io.rollcall.loadtest.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A node failure injected into a fan-out run: {@code action} (kill a process, POST a drain URL …)
 * runs once, {@code at} after publishing starts; {@code description} says what it does in the
 * report. Clients then reconnect and resume. {@code nodeGone} completes with the time from the
 * action to the failed node's exit, so the run can wait for a draining node to finish moving its
 * clients; it is null when the run cannot watch the node (a drain URL). Immutable.
 */
public record Failover(Duration at, String description, Runnable action, CompletableFuture<Duration> nodeGone) {

    /** A failure whose end the run cannot watch. */
    public Failover(Duration at, String description, Runnable action) {
        this(at, description, action, null);
    }
}
