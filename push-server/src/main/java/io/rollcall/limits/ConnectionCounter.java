package io.rollcall.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** WebSocket connections held by the node, in total and per client address. Thread-safe. */
final class ConnectionCounter {
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    /** Counts one more connection unless the node already holds {@code max}. */
    boolean tryAcquire(int max) {
        while (true) {
            int current = total.get();
            if (current >= max) {
                return false;
            }
            if (total.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        total.decrementAndGet();
    }

    /** Counts one more connection from {@code address} unless it already holds {@code max}. */
    boolean tryAcquire(InetAddress address, int max) {
        boolean[] acquired = {false};
        perAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    /** Gives back one connection of {@code address}; an address with none left leaves the map. */
    void release(InetAddress address) {
        perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }

    int total() {
        return total.get();
    }
}
