package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Timeline;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a polling run measured over its window: polls answered, errors, polls skipped (the previous
 * one still in flight), bytes received on the wire, poll latency (intended time to full response,
 * microseconds) and CPU. {@link #failures()} is empty exactly when the run passed. Immutable.
 */
public record PollResult(PollPlan plan, int connected, int connectFailed, long polls, long errors, long skipped, long bytes,
        double windowSeconds, Histogram latency, CpuSampler.Usage cpu, long published, Map<String, Long> problems,
        List<Timeline.Point> timeline, List<String> failures) {

    /** Bytes each client received per second, on average over the window. */
    public double bytesPerClientSecond() {
        return connected == 0 || windowSeconds <= 0 ? 0 : bytes / (double) connected / windowSeconds;
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
