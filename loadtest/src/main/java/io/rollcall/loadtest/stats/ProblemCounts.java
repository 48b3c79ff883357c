package io.rollcall.loadtest.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts problems by description, keeping at most a fixed number of distinct kinds (the rest are
 * lumped together) so a storm of unique messages cannot grow memory. Thread-safe.
 */
public final class ProblemCounts {
    private static final String OTHER = "(other problems)";
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final int maxKinds;

    public ProblemCounts(int maxKinds) {
        this.maxKinds = maxKinds;
    }

    public void add(String reason) {
        LongAdder count = counts.get(reason);
        if (count == null && counts.size() < maxKinds) {
            count = counts.computeIfAbsent(reason, r -> new LongAdder());
        }
        if (count == null) {
            count = counts.computeIfAbsent(OTHER, r -> new LongAdder());
        }
        count.increment();
    }

    /** Descriptions with their counts, most frequent first. */
    public Map<String, Long> sorted() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
        return sorted;
    }
}
