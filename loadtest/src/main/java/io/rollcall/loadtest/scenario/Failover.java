package io.rollcall.loadtest.scenario;

import java.time.Duration;

/**
 * A node failure injected into a fan-out run: {@code action} (kill a process, POST a drain URL …)
 * runs once, {@code at} after publishing starts; {@code description} says what it does in the
 * report. Clients then reconnect and resume. Immutable.
 */
public record Failover(Duration at, String description, Runnable action) {}
