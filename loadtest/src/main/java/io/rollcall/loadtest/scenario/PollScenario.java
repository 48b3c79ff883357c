package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.poll.PollFleet;
import io.rollcall.loadtest.publish.HttpPublisher;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Progress;
import io.rollcall.loadtest.stats.Timeline;
import io.rollcall.loadtest.support.Pacer;
import io.rollcall.loadtest.support.Tokens;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The polling baseline: N HTTP clients poll the snapshot endpoint every interval while updates are
 * published at a fixed rate; reports server CPU and bytes per client, to set against a push run
 * of the same clients and rate (equal freshness: a poll interval of T gives updates up to T old).
 * Runs on the calling thread (plus the pacers and the progress printer).
 */
public final class PollScenario {
    /** Prefill publishes per second: fast, but paced so the server is not flooded before the run. */
    private static final double PREFILL_RATE = 2000;

    private final PollPlan plan;
    private final PrintStream out;
    private final CpuSampler cpu;
    private final Timeline timeline = new Timeline();
    private final long origin = System.nanoTime();
    private volatile String phase = "connect";
    private volatile boolean stop;

    public PollScenario(PollPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        this.cpu = new CpuSampler(plan.serverPid());
    }

    public PollResult run() throws InterruptedException {
        Instant expiry = Instant.now().plus(plan.bound()).plus(Duration.ofHours(1));
        List<String> events = List.of(plan.eventId());
        PollFleet fleet = new PollFleet(new PollFleet.Spec(plan.http(), plan.eventId(),
                Tokens.hs256(plan.secret(), "loadtest-poller", events, null, expiry), plan.interval(), plan.threads(), plan.transport(),
                Duration.ofSeconds(10)));
        HttpPublisher publisher = new HttpPublisher(new HttpPublisher.Spec(plan.http(), events,
                Tokens.hs256(plan.secret(), "loadtest-publisher", events, "publish", expiry), plan.publishers(), plan.guests(), 0,
                plan.transport(), (int) plan.publishCount()));
        out.printf(Locale.ROOT, "poll: %d clients GET %s snapshot of %s every %s, %.1f updates/s published%n", plan.clients(),
                plan.http(), plan.eventId(), FanOutScenario.human(plan.interval()), plan.rate());
        Progress progress = new Progress(out, new ProgressLine(fleet)::next);
        try {
            return run(fleet, publisher);
        } finally {
            stop = true;
            progress.close();
            publisher.close();
            fleet.close(Duration.ofSeconds(5));
        }
    }

    private PollResult run(PollFleet fleet, HttpPublisher publisher) throws InterruptedException {
        prefill();
        publisher.start(Duration.ofSeconds(10));
        long start = System.nanoTime();
        Thread publishing = daemon("pacer", () -> Pacer.run(start, plan.rate(), plan.publishCount(), () -> stop, publisher::publish));
        Pacer.run(System.nanoTime(), plan.connectRate(), plan.clients(), () -> stop, (i, t) -> fleet.open((int) i, plan.clients()));
        phase = "warmup";
        long warmupEnd = start + plan.warmup().toNanos();
        parkUntil(warmupEnd);
        fleet.interval();
        fleet.startMeasuring();
        phase = "measure";
        CpuSampler.Sample from = cpu.sample();
        long measureStart = System.nanoTime();
        parkUntil(measureStart + plan.duration().toNanos());
        double windowSeconds = (System.nanoTime() - measureStart) / 1e9;
        CpuSampler.Usage usage = CpuSampler.between(from, cpu.sample());
        stop = true;
        publishing.join(2000);
        fleet.interval();
        Histogram latency = fleet.total();
        List<String> failures = new ArrayList<>();
        if (fleet.connectFailed() > 0) {
            failures.add(fleet.connectFailed() + " of " + plan.clients() + " clients could not connect");
        }
        if (fleet.errors() > 0) {
            failures.add(fleet.errors() + " polls failed");
        }
        if (fleet.polls() == 0) {
            failures.add("no poll was answered");
        }
        return new PollResult(plan, fleet.connected(), fleet.connectFailed(), fleet.polls(), fleet.errors(), fleet.skipped(),
                fleet.bytes(), windowSeconds, latency, usage, publisher.accepted(), fleet.problems(), timeline.points(), failures);
    }

    /**
     * Publishes one update per guest before polling starts, so the polled snapshot has its full
     * size from the first poll (as a real event's would), not only the guests updated during the run.
     */
    private void prefill() throws InterruptedException {
        List<String> events = List.of(plan.eventId());
        HttpPublisher prefill = new HttpPublisher(new HttpPublisher.Spec(plan.http(), events,
                Tokens.hs256(plan.secret(), "loadtest-publisher", events, "publish", Instant.now().plus(Duration.ofHours(1))),
                plan.publishers(), plan.guests(), 0, plan.transport(), plan.guests()));
        try {
            prefill.start(Duration.ofSeconds(10));
            Pacer.run(System.nanoTime(), PREFILL_RATE, plan.guests(), () -> stop, prefill::publish);
            if (!prefill.awaitResponses(System.nanoTime() + TimeUnit.SECONDS.toNanos(30))) {
                out.println("poll: the prefill publishes were not all answered within 30 s");
            }
            out.printf(Locale.ROOT, "prefill: %d of %d guests published%n", prefill.accepted(), plan.guests());
        } finally {
            prefill.close();
        }
    }

    private static void parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The per-second progress line; runs on the progress thread only. */
    private final class ProgressLine {
        private final PollFleet fleet;
        private long lastNanos = System.nanoTime();
        private long lastBytes;
        private CpuSampler.Sample lastCpu = cpu.sample();

        ProgressLine(PollFleet fleet) {
            this.fleet = fleet;
        }

        String next() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            Histogram interval = fleet.interval();
            long bytes = fleet.bytes();
            double byteRate = (bytes - lastBytes) / seconds;
            lastBytes = bytes;
            timeline.add((now - origin) / 1e9, phase, interval.getTotalCount() / seconds, Histograms.percentileMillis(interval, 99));
            CpuSampler.Sample sample = cpu.sample();
            String line = String.format(Locale.ROOT, "[%6.1fs] %-7s clients %d/%d  polls %,.0f/s  %,.0f KiB/s  p50 %.1f ms  p99 %.1f ms"
                    + "  skipped %d  errors %d  %s", (now - origin) / 1e9, phase, fleet.connected(), plan.clients(),
                    interval.getTotalCount() / seconds, byteRate / 1024, Histograms.percentileMillis(interval, 50),
                    Histograms.percentileMillis(interval, 99), fleet.skipped(), fleet.errors(), CpuSampler.between(lastCpu, sample).describe());
            lastCpu = sample;
            return line;
        }
    }
}
