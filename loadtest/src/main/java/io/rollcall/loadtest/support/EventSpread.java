package io.rollcall.loadtest.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which event each client watches: {@code events} ids {@code <prefix>-0 … <prefix>-(E-1)} (or the
 * prefix alone when E is 1), clients spread over them uniformly (client {@code i} watches event
 * {@code i mod E}) or by a Zipf law (event of rank {@code k} gets a share proportional to
 * {@code 1 / k^exponent}; rank 1 is event 0), drawn from a seeded generator so runs repeat.
 * Immutable after construction; thread-safe.
 */
public final class EventSpread {
    /** How clients are spread over the events. */
    public enum Distribution { UNIFORM, ZIPF }

    private final List<String> eventIds;
    private final Distribution distribution;
    private final double[] cumulative;
    private final long seed;

    public EventSpread(String prefix, int events, Distribution distribution, double exponent, long seed) {
        if (events < 1) {
            throw new IllegalArgumentException("events: " + events + " (expected: >= 1)");
        }
        if (distribution == Distribution.ZIPF && !(exponent > 0)) {
            throw new IllegalArgumentException("exponent: " + exponent + " (expected: > 0)");
        }
        List<String> ids = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            ids.add(events == 1 ? prefix : prefix + "-" + i);
        }
        this.eventIds = List.copyOf(ids);
        this.distribution = distribution;
        this.seed = seed;
        this.cumulative = distribution == Distribution.ZIPF ? zipfCumulative(events, exponent) : null;
    }

    /** One event for everyone. */
    public static EventSpread single(String eventId) {
        return new EventSpread(eventId, 1, Distribution.UNIFORM, 1, 0);
    }

    private static double[] zipfCumulative(int events, double exponent) {
        double[] cumulative = new double[events];
        double sum = 0;
        for (int k = 0; k < events; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < events; k++) {
            cumulative[k] /= sum;
        }
        cumulative[events - 1] = 1;
        return cumulative;
    }

    public List<String> eventIds() {
        return eventIds;
    }

    public int count() {
        return eventIds.size();
    }

    public Distribution distribution() {
        return distribution;
    }

    /** The event index client {@code client} watches; the same client index always gets the same event. */
    public int eventOf(int client) {
        if (cumulative == null) {
            return client % eventIds.size();
        }
        // A per-client generator keeps the choice independent of the order clients open in.
        double u = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + client).nextDouble();
        int at = Arrays.binarySearch(cumulative, u);
        return Math.min(at >= 0 ? at : -at - 1, eventIds.size() - 1);
    }
}
