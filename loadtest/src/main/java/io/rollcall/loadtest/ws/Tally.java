package io.rollcall.loadtest.ws;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A {@link ClientFleet}'s end-of-run totals over all clients: contract counters, {@code latency} of the measured
 * deliveries, and per ready client the event index it watched, the seq it started from and the
 * last seq it got. Immutable (its arrays and histograms are not to be modified).
 */
public record Tally(int readyClients, long received, long lost, long duplicates, long outOfOrder, long deliveredInWindow,
        long unstamped, long errorFrames, long goAways, Histogram latency, int[] events, long[] startSeqs, long[] lastSeqs,
        Histogram connectTimes, Histogram reconnectTimes) {

    Tally plus(Tally other) {
        Histogram mergedLatency = latency.copy();
        mergedLatency.add(other.latency);
        Histogram mergedConnect = connectTimes.copy();
        mergedConnect.add(other.connectTimes);
        Histogram mergedReconnect = reconnectTimes.copy();
        mergedReconnect.add(other.reconnectTimes);
        return new Tally(readyClients + other.readyClients, received + other.received, lost + other.lost,
                duplicates + other.duplicates, outOfOrder + other.outOfOrder, deliveredInWindow + other.deliveredInWindow,
                unstamped + other.unstamped, errorFrames + other.errorFrames, goAways + other.goAways, mergedLatency,
                concat(events, other.events), concat(startSeqs, other.startSeqs), concat(lastSeqs, other.lastSeqs), mergedConnect,
                mergedReconnect);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
