package io.rollcall.limits;

import java.util.Locale;
import java.util.Set;

/**
 * Which browser Origins may open a WebSocket. An empty allow-list allows any; a request without
 * an {@code Origin} header is not from a browser page (apps, servers) and is not judged here:
 * browsers always send it on WebSocket handshakes, so a page on a foreign site cannot leave it
 * out. Thread-safe.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    boolean allows(String origin) {
        return allowed.isEmpty() || origin == null || allowed.contains(origin.toLowerCase(Locale.ROOT));
    }
}
