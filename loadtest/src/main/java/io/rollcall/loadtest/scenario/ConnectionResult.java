package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Timeline;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a connection run measured: how many clients got ready (connected, authenticated,
 * subscribed, snapshot received) and how fast, per-client connect times (microseconds, TCP connect
 * to the last snapshot page), the steady rate (see {@link Steady}), the server's RSS (bytes, -1 unknown) before connecting, once all were
 * connected and at the end, CPU over the connect phase, TLS handshakes by negotiated protocol and
 * cipher suite (empty without TLS) and the unmeasured warm-up storms that ran first.
 * {@link #failures()} is empty exactly when the run passed. Immutable once built.
 */
public record ConnectionResult(
        ConnectionPlan plan,
        int attempted,
        int ready,
        int failed,
        int disconnected,
        int ended,
        double connectSeconds,
        double steadyConnectionsPerSecond,
        Histogram connectTimes,
        long rssBefore,
        long rssConnected,
        long rssEnd,
        CpuSampler.Usage connectCpu,
        Map<String, Long> tlsSessions,
        List<WarmupStorm> warmups,
        Map<String, Long> problems,
        List<Timeline.Point> timeline,
        List<String> failures) {

    /**
     * The rate between the moments {@link #FROM} and {@link #TO} of a storm's clients were ready:
     * the storm's middle, without its ramp-up and its last stragglers, which weigh on the
     * whole-storm rate the more the fewer clients a storm has. {@code -1} when fewer got ready.
     */
    public static final class Steady {
        public static final double FROM = 0.1;
        public static final double TO = 0.9;

        private Steady() {}

        /** The rate for {@code clients} given the nanoTimes their FROM and TO shares were ready at (0: not reached). */
        public static double rate(int clients, long fromNanos, long toNanos) {
            return fromNanos == 0 || toNanos <= fromNanos ? -1 : (TO - FROM) * clients * 1e9 / (toNanos - fromNanos);
        }
    }

    /**
     * One unmeasured warm-up storm: {@code ready} of {@code clients} in {@code seconds}, {@code steady}
     * connections/s in its middle ({@link Steady}), with the CPU it took.
     */
    public record WarmupStorm(int clients, int ready, double seconds, double steady, CpuSampler.Usage cpu) {
        public double connectionsPerSecond() {
            return seconds > 0 ? ready / seconds : 0;
        }

        public double generatorMicrosPerConnection() {
            return perConnection(cpu, seconds, ready);
        }
    }

    /** Clients made ready per second over the connect phase. */
    public double connectionsPerSecond() {
        return connectSeconds > 0 ? ready / connectSeconds : 0;
    }

    /** The generator's CPU time per ready connection over the connect phase, in microseconds; -1 when unknown. */
    public double generatorMicrosPerConnection() {
        return perConnection(connectCpu, connectSeconds, ready);
    }

    private static double perConnection(CpuSampler.Usage cpu, double seconds, int ready) {
        return cpu == null || ready == 0 ? -1 : cpu.generator() * seconds * 1e6 / ready;
    }

    /** Server RSS growth per ready connection, in bytes; -1 when unknown. */
    public double rssPerConnection() {
        return rssBefore < 0 || rssConnected < 0 || ready == 0 ? -1 : (double) (rssConnected - rssBefore) / ready;
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
