package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Timeline;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a fan-out run measured and whether it passed. Latencies are HdrHistograms in
 * microseconds; {@link #failures()} is empty exactly when the run passed. Immutable once built.
 */
public record FanOutResult(
        FanOutPlan plan,
        String transportName,
        Connect connect,
        Publish publish,
        Deliveries deliveries,
        Checks checks,
        Reconnects reconnects,
        Histogram latency,
        CpuSampler.Usage measuredCpu,
        double drainSeconds,
        boolean drainTimedOut,
        Map<String, Long> clientProblems,
        Map<String, Long> publishProblems,
        List<Timeline.Point> timeline,
        List<String> failures) {

    /** The connect phase: TCP, handshake, auth, subscribe, snapshot. */
    public record Connect(int attempted, int ready, int failed, double seconds, Histogram times) {}

    /**
     * The publish phase, as the publisher saw it; {@code finalSeq} is the last seq published (with
     * several events, the sum of each event's last seq).
     */
    public record Publish(long scheduled, long submitted, long accepted, long failed, long finalSeq, double seconds,
            Histogram latency, Histogram serviceTime) {}

    /**
     * Deliveries: expected = sum over ready clients of (final seq - the seq their snapshot was as
     * of); {@code inWindow} = received during the measured window, of {@code windowSeconds};
     * {@code undeliveredTimed} = latency samples of deliveries that never came (missing at the end,
     * or never accepted for publishing), recorded as "end of run minus intended time";
     * {@code bytesReceived}: WebSocket bytes all clients received after their handshakes (snapshots included).
     */
    public record Deliveries(long expected, long received, long inWindow, double windowSeconds, long unstamped, long undeliveredTimed,
            long bytesReceived) {
        public double sustainedPerSecond() {
            return windowSeconds > 0 ? inWindow / windowSeconds : 0;
        }
    }

    /** Contract checks over all clients; every field but {@code goAways} must be zero to pass. */
    public record Checks(long lost, long duplicates, long outOfOrder, long missingAtEnd, int disconnected, long errorFrames,
            long liveErrors, long goAways) {}

    /**
     * Reconnects after lost connections (failover): how many started, how many resumed (and of
     * those, how many got a snapshot instead of the missed updates), how many were still going at
     * the end, and the time from losing the connection to the resumed subscription (microseconds);
     * {@code failedNode} is null unless the run watched the failed node's process.
     */
    public record Reconnects(long started, long resumed, long viewResets, int stillReconnecting, Histogram times, FailedNode failedNode) {}

    /**
     * The failed node, when the run could watch its process: the seconds from the failure to its
     * exit, or {@code stillRunning} when it outlasted the run (its clients had not all moved).
     */
    public record FailedNode(boolean stillRunning, double goneSeconds) {}

    public boolean passed() {
        return failures.isEmpty();
    }
}
