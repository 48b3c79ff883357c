package io.rollcall.loadtest.stats;

import java.util.ArrayList;
import java.util.List;

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
}
