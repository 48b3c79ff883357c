package io.rollcall.loadtest.workers;

import java.util.ArrayList;
import java.util.List;

/**
 * Worker {@code index}'s share of a run spread over {@code count} processes: client {@code i} of
 * the whole run belongs to worker {@code i mod count}, so the worker's {@code j}-th client is
 * client {@code index + j * count}. Lists that clients pick from round-robin (URLs, source
 * addresses) are re-ordered so the worker's local round-robin picks exactly what the one-process
 * run would have picked for the same client. Immutable.
 */
public record WorkerShare(int index, int count) {
    public WorkerShare {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("worker: " + index + " of " + count + " (expected: 0 <= index < count)");
        }
    }

    /** How many of {@code total} clients are this worker's. */
    public int clients(int total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /** The run's client index of this worker's {@code local}-th client. */
    public long globalClient(int local) {
        return index + (long) local * count;
    }

    /**
     * {@code list} re-ordered so that element {@code j mod size} of the result is element
     * {@code globalClient(j) mod n} of {@code list}; the sequence repeats every n / gcd(n, count).
     */
    public <T> List<T> strided(List<T> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        int n = list.size();
        int period = n / gcd(n, count);
        List<T> result = new ArrayList<>(period);
        for (int j = 0; j < period; j++) {
            result.add(list.get((int) (globalClient(j) % n)));
        }
        return List.copyOf(result);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
