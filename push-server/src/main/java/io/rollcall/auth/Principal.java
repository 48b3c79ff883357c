package io.rollcall.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified token allows: the subject, which events it may watch ({@code allEvents} for the
 * {@code "*"} claim) and whether it may publish to them. Immutable.
 */
public record Principal(String subject, Set<String> events, boolean allEvents, boolean canPublish, Instant expiresAt) {
    public Principal {
        events = Set.copyOf(events);
    }

    public boolean mayWatch(String eventId) {
        return allEvents || events.contains(eventId);
    }

    public boolean mayPublish(String eventId) {
        return canPublish && mayWatch(eventId);
    }
}
