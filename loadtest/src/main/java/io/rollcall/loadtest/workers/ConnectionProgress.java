package io.rollcall.loadtest.workers;

import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.ProcessMemory;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parent's one progress line per second for a connection run over workers: the workers'
 * latest progress lines (read as {@code ConnectionScenario} prints them) added up, with the
 * server's RSS and the CPU of the generator (parent and every worker), the server and the rest of
 * the machine read by the parent itself. {@link #offer} runs on the workers' reader threads,
 * {@link #line} on the progress thread; thread-safe.
 */
final class ConnectionProgress {
    /** "[   3.2s] connect ready 500/1000 (+498/s)  connecting 500  failed 0  dropped 0[  ended 3]…". */
    private static final Pattern WORKER_LINE = Pattern.compile(
            "^\\[\\s*[\\d.]+s] (\\S+)\\s+ready (\\d+)/(\\d+) \\(\\+[\\d.]+/s\\)\\s+connecting (\\d+)\\s+failed (\\d+)\\s+dropped (\\d+)"
                    + "(?:\\s+ended (\\d+))?");

    /** One worker's latest figures. */
    private record State(String phase, long ready, long clients, long connecting, long failed, long dropped, long ended) {}

    private final State[] states;
    private final long serverPid;
    private final boolean churn;
    private final CpuSampler cpu;
    private List<Long> workerPids = List.of();
    private long[] lastKnownNanos = new long[0];
    private long origin = System.nanoTime();
    private long lastNanos = origin;
    private long lastReady;
    private CpuSampler.Sample lastCpu;
    private long lastWorkerNanos;

    ConnectionProgress(int workers, long serverPid, boolean churn) {
        this.states = new State[workers];
        this.serverPid = serverPid;
        this.churn = churn;
        this.cpu = new CpuSampler(serverPid);
        this.lastCpu = cpu.sample();
    }

    /** Starts the clock and counting the workers' CPU: call when the workers are told to go. */
    synchronized void watch(List<Long> pids) {
        workerPids = List.copyOf(pids);
        lastKnownNanos = new long[pids.size()];
        lastWorkerNanos = workerNanos();
        origin = System.nanoTime();
        lastNanos = origin;
        lastCpu = cpu.sample();
    }

    /** Takes a worker's output line; returns false when it is a progress line (merged here, not shown). */
    synchronized boolean offer(int worker, String line) {
        Matcher m = WORKER_LINE.matcher(line);
        if (!m.find()) {
            return true;
        }
        states[worker] = new State(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), m.group(7) == null ? 0 : Long.parseLong(m.group(7)));
        return false;
    }

    synchronized String line() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        long ready = 0;
        long clients = 0;
        long connecting = 0;
        long failed = 0;
        long dropped = 0;
        long ended = 0;
        String phase = null;
        int reporting = 0;
        for (State s : states) {
            if (s == null) {
                continue;
            }
            reporting++;
            ready += s.ready();
            clients += s.clients();
            connecting += s.connecting();
            failed += s.failed();
            dropped += s.dropped();
            ended += s.ended();
            // The run is connecting while any worker is.
            phase = phase == null || s.phase().equals("connect") ? s.phase() : phase;
        }
        double rate = (ready - lastReady) / seconds;
        lastReady = ready;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%6.1fs] %-7s ready %d/%d (+%.0f/s)  connecting %d  failed %d  dropped %d", (now - origin) / 1e9,
                phase == null ? "start" : phase, ready, clients, rate, connecting, failed, dropped));
        if (churn) {
            line.append("  ended ").append(ended);
        }
        long rss = ProcessMemory.rssBytes(serverPid);
        if (rss >= 0) {
            line.append(String.format(Locale.ROOT, "  server rss %.1f MiB", rss / 1048576.0));
        }
        CpuSampler.Sample sample = cpu.sample();
        CpuSampler.Usage parent = CpuSampler.between(lastCpu, sample);
        long workerNanos = workerNanos();
        double workersCores = (workerNanos - lastWorkerNanos) / Math.max(1.0, sample.nanoTime() - lastCpu.nanoTime());
        lastWorkerNanos = workerNanos;
        lastCpu = sample;
        line.append("  ").append(new CpuSampler.Usage(parent.generator() + workersCores, parent.watched(), parent.machine()).describe());
        if (reporting < states.length) {
            line.append(String.format(Locale.ROOT, "  (%d of %d workers reporting)", reporting, states.length));
        }
        return line.toString();
    }

    /** CPU time of the workers; an exited worker keeps its last reading, so the sum never goes back. */
    private long workerNanos() {
        long total = 0;
        for (int i = 0; i < workerPids.size(); i++) {
            long nanos = CpuSampler.processNanos(workerPids.get(i));
            if (nanos >= 0) {
                lastKnownNanos[i] = nanos;
            }
            total += lastKnownNanos[i];
        }
        return total;
    }
}
