package io.rollcall.session;

import java.util.Arrays;

/**
 * One session's subscriptions by event id. Most sessions watch a single event for their whole
 * life, so this is a small array searched linearly (the count is bounded by
 * {@code max-subscriptions}) instead of a hash map that holds a table, a node and the map itself
 * per connection. Event loop only.
 */
final class Subscriptions {
    private static final Subscription[] NONE = new Subscription[0];

    private Subscription[] items = NONE;
    private int size;

    int size() {
        return size;
    }

    Subscription get(String eventId) {
        for (int i = 0; i < size; i++) {
            if (items[i].eventId.equals(eventId)) {
                return items[i];
            }
        }
        return null;
    }

    /** Adds a subscription to an event not yet present. */
    void add(Subscription subscription) {
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(1, size * 2));
        }
        items[size++] = subscription;
    }

    void remove(Subscription subscription) {
        for (int i = 0; i < size; i++) {
            if (items[i] == subscription) {
                items[i] = items[--size];
                items[size] = null;
                return;
            }
        }
    }

    /** A copy, so the caller may remove while it iterates. */
    Subscription[] toArray() {
        return Arrays.copyOf(items, size);
    }

    /** Empties the set and returns what it held. */
    Subscription[] clear() {
        Subscription[] all = toArray();
        items = NONE;
        size = 0;
        return all;
    }
}
