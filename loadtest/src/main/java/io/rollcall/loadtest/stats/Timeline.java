package io.rollcall.loadtest.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point per progress second: seconds since the run started, the phase, a rate (deliveries/s,
 * or connections/s for connection scenarios) and the interval's p99 latency in ms (0 when nothing
 * was timed). The source of the throughput-over-time plot. Thread-safe.
 */
public final class Timeline {
    /** One second of the run. */
    public record Point(double seconds, String phase, double rate, double p99Millis) {}

    private final List<Point> points = new ArrayList<>();

    public synchronized void add(double seconds, String phase, double rate, double p99Millis) {
        points.add(new Point(seconds, phase, rate, p99Millis));
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /**
     * Several processes' timelines as one: each part's points are shifted by its offset (seconds
     * from the common start to that part's start) and grouped by whole second; rates add up, the
     * phase is the first part's, and p99 is the highest part's (an upper bound of the merged p99).
     */
    public static List<Point> merge(List<List<Point>> parts, double[] offsetSeconds) {
        if (parts.size() != offsetSeconds.length) {
            throw new IllegalArgumentException("offsetSeconds: " + offsetSeconds.length + " (expected: one per part, " + parts.size() + ")");
        }
        Map<Long, Point> bySecond = new TreeMap<>();
        for (int i = 0; i < parts.size(); i++) {
            for (Point p : parts.get(i)) {
                long second = Math.round(p.seconds() + offsetSeconds[i]);
                bySecond.merge(second, new Point(second, p.phase(), p.rate(), p.p99Millis()),
                        (a, b) -> new Point(second, a.phase(), a.rate() + b.rate(), Math.max(a.p99Millis(), b.p99Millis())));
            }
        }
        return List.copyOf(bySecond.values());
    }
}
