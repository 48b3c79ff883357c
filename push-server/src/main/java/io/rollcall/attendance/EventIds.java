package io.rollcall.attendance;

import java.util.regex.Pattern;

/** The event id format of the public contract: {@code [A-Za-z0-9_-]{1,64}}. Thread-safe. */
public final class EventIds {
    public static final int MAX_LENGTH = 64;

    private EventIds() {}

    public static boolean isValid(String eventId) {
        if (eventId == null || eventId.isEmpty() || eventId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < eventId.length(); i++) {
            char c = eventId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Pattern form of the rule, for documentation and routing. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
}
