package io.rollcall.loadtest.scenario;

import io.netty.channel.EventLoopGroup;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.MeasureWindow;
import io.rollcall.loadtest.stats.ProcessMemory;
import io.rollcall.loadtest.stats.Progress;
import io.rollcall.loadtest.stats.Timeline;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Pacer;
import io.rollcall.loadtest.support.Tokens;
import io.rollcall.loadtest.ws.ClientFleet;
import io.rollcall.loadtest.ws.Tally;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The connection scenarios: open clients at a rate (each connects, authenticates, subscribes and
 * takes its snapshot), then, for {@code idle}, hold them and watch the server's memory, or, for
 * {@code churn}, let each close itself after its lifetime. No updates are published. Phases are
 * bounded in time. Runs on the calling thread (plus the opener and the progress printer).
 */
public final class ConnectionScenario {
    private static final Duration LOOP_ANSWER = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ConnectionPlan plan;
    private final PrintStream out;
    private final CpuSampler cpu;
    private final Timeline timeline = new Timeline();
    private final long origin = System.nanoTime();
    private volatile String phase = "connect";
    /** One token for every client and storm: minting and signing is not part of what a connection costs. */
    private final String token;
    private List<ConnectionResult.WarmupStorm> warmups;
    /**
     * The client event loops of every storm: the measured storm runs on the threads the warm-up
     * storms warmed (their buffer caches and pools filled), not on new ones. Stopped by {@link #run}.
     */
    private final EventLoopGroup loops;

    public ConnectionScenario(ConnectionPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        this.loops = plan.transport().newGroup(plan.threads(), "ws-client");
        this.cpu = new CpuSampler(plan.serverPid());
        this.token = Tokens.hs256(plan.secret(), "loadtest-" + plan.scenario(), List.of(plan.eventId()), null,
                Instant.now().plus(plan.bound()).plus(Duration.ofHours(1)));
    }

    /**
     * Runs the plan's unmeasured warm-up storms, each with its own fleet (connect, subscribe,
     * snapshot, then close), in this JVM against the same server: what they leave behind is
     * compiled code. Called before {@link #run} (which otherwise calls it), so that a worker
     * process warms up before the parent starts every worker's measured storm at once.
     */
    public void warmUp() throws InterruptedException {
        if (warmups != null) {
            return;
        }
        out.printf(Locale.ROOT, "%s: %d clients on %s (%s; %s, %d threads) at %.0f/s, event %s%n", plan.scenario(), plan.clients(),
                plan.urls(), plan.wire().describe(), plan.transport().name(), plan.threads(), plan.connectRate(), plan.eventId());
        warmups = warmUpStorms();
    }

    public ConnectionResult run() throws InterruptedException, TimeoutException {
        warmUp();
        ClientFleet fleet = newFleet(token);
        Progress progress = new Progress(out, new ProgressLine(fleet)::next);
        try {
            return run(fleet);
        } finally {
            phase = "close";
            progress.close();
            fleet.close(Duration.ofSeconds(5));
            loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(6, TimeUnit.SECONDS);
        }
    }

    private ClientFleet newFleet(String token) {
        return new ClientFleet(new ClientFleet.Spec(plan.urls(), plan.wire(), token, EventSpread.single(plan.eventId()), plan.threads(),
                plan.transport(), plan.localAddresses(), plan.handshakeTimeout(), plan.lifetime(), false), new MeasureWindow(), loops);
    }

    private List<ConnectionResult.WarmupStorm> warmUpStorms() throws InterruptedException {
        List<ConnectionResult.WarmupStorm> storms = new ArrayList<>();
        for (int k = 1; k <= plan.warmupStorms(); k++) {
            phase = "warm-up";
            ClientFleet fleet = newFleet(token);
            try {
                CpuSampler.Sample start = cpu.sample();
                Storm timing = connect(fleet, plan.warmupClients(), plan.warmupConnectTimeout());
                ConnectionResult.WarmupStorm storm = new ConnectionResult.WarmupStorm(plan.warmupClients(), fleet.ready(), timing.seconds(),
                        timing.steady(), CpuSampler.between(start, cpu.sample()));
                storms.add(storm);
                out.printf(Locale.ROOT, "warm-up storm %d of %d: %d of %d clients ready in %.2f s (%.0f/s, not measured)%n", k,
                        plan.warmupStorms(), storm.ready(), storm.clients(), storm.seconds(), storm.connectionsPerSecond());
                fleet.problems().entrySet().stream().limit(5)
                        .forEach(e -> out.printf(Locale.ROOT, "    %,8d  %s%n", e.getValue(), e.getKey()));
            } finally {
                fleet.close(Duration.ofSeconds(5));
            }
        }
        return storms;
    }

    private ConnectionResult run(ClientFleet fleet) throws InterruptedException, TimeoutException {
        phase = "connect";
        long rssBefore = ProcessMemory.rssBytes(plan.serverPid());
        CpuSampler.Sample cpuStart = cpu.sample();
        Storm timing = connect(fleet, plan.clients(), plan.connectTimeout());
        double connectSeconds = timing.seconds();
        CpuSampler.Usage connectCpu = CpuSampler.between(cpuStart, cpu.sample());
        long rssConnected = ProcessMemory.rssBytes(plan.serverPid());
        int timedOut = plan.clients() - fleet.ready() - fleet.connectFailed();
        out.printf(Locale.ROOT, "connect: %d of %d clients ready in %.2f s (%d failed%s)%n", fleet.ready(), plan.clients(),
                connectSeconds, fleet.connectFailed(), timedOut > 0 ? ", " + timedOut + " not ready by the connect timeout" : "");
        if (plan.lifetime() != null) {
            awaitLifetimes(fleet);
        } else if (!plan.hold().isZero()) {
            phase = "hold";
            long holdEnd = System.nanoTime() + plan.hold().toNanos();
            while (System.nanoTime() - holdEnd < 0) {
                LockSupport.parkNanos(Math.min(POLL_NANOS * 10, holdEnd - System.nanoTime()));
            }
        }
        long rssEnd = ProcessMemory.rssBytes(plan.serverPid());
        Tally tally = fleet.tally(LOOP_ANSWER);
        List<String> failures = new ArrayList<>();
        int failed = fleet.connectFailed() + Math.max(0, timedOut);
        if (failed > 0) {
            failures.add(failed + " of " + plan.clients() + " clients did not connect and subscribe");
        }
        if (fleet.disconnected() > 0) {
            failures.add(fleet.disconnected() + " clients were disconnected before they meant to leave");
        }
        if (fleet.liveErrors() > 0) {
            failures.add(fleet.liveErrors() + " error frames after subscribing");
        }
        if (plan.lifetime() != null && fleet.ended() + fleet.disconnected() < fleet.ready()) {
            failures.add((fleet.ready() - fleet.ended() - fleet.disconnected()) + " clients had not ended by the time bound");
        }
        return new ConnectionResult(plan, fleet.attempted(), fleet.ready(), failed, fleet.disconnected(), fleet.ended(), connectSeconds,
                timing.steady(),
                tally.connectTimes(), rssBefore, rssConnected, rssEnd, connectCpu, fleet.tlsSessions(), warmups, fleet.problems(),
                timeline.points(), failures);
    }

    /** A storm's seconds from the first open until the last client was ready or failed, and its steady rate. */
    private record Storm(double seconds, double steady) {}

    /** Opens {@code clients} on schedule and waits until each is ready or failed (or the timeout passed). */
    private Storm connect(ClientFleet fleet, int clients, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        BooleanSupplier over = () -> System.nanoTime() - deadline >= 0;
        Thread opener = new Thread(() -> Pacer.run(start, plan.connectRate(), clients, over, (i, t) -> {
            while (fleet.connecting() >= plan.maxConnecting() && !over.getAsBoolean()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            fleet.open();
        }), "opener");
        opener.setDaemon(true);
        opener.start();
        long steadyFrom = 0;
        long steadyTo = 0;
        int ready;
        while (!over.getAsBoolean() && (ready = fleet.ready()) + fleet.connectFailed() < clients) {
            // Sampled every millisecond: good enough for a middle that lasts a second or more.
            long now = System.nanoTime();
            steadyFrom = steadyFrom == 0 && ready >= ConnectionResult.Steady.FROM * clients ? now : steadyFrom;
            steadyTo = steadyTo == 0 && ready >= ConnectionResult.Steady.TO * clients ? now : steadyTo;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        long end = System.nanoTime();
        // A storm whose last clients came in the same millisecond as its TO share ends here.
        steadyTo = steadyTo == 0 && fleet.ready() >= ConnectionResult.Steady.TO * clients ? end : steadyTo;
        opener.join(1000);
        return new Storm((end - start) / 1e9, ConnectionResult.Steady.rate(clients, steadyFrom, steadyTo));
    }

    /** Churn: waits until every ready client has ended its lifetime (or was dropped), bounded by lifetime + handshake timeout. */
    private void awaitLifetimes(ClientFleet fleet) {
        phase = "churn";
        long deadline = System.nanoTime() + plan.lifetime().plus(plan.handshakeTimeout()).toNanos();
        while (fleet.ended() + fleet.disconnected() < fleet.ready() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** The per-second progress line; runs on the progress thread only. */
    private final class ProgressLine {
        private final ClientFleet fleet;
        private long lastNanos = System.nanoTime();
        private int lastReady;
        private CpuSampler.Sample lastCpu = cpu.sample();

        ProgressLine(ClientFleet fleet) {
            this.fleet = fleet;
        }

        String next() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            int ready = fleet.ready();
            double rate = (ready - lastReady) / seconds;
            lastReady = ready;
            timeline.add((now - origin) / 1e9, phase, rate, 0);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "[%6.1fs] %-7s ready %d/%d (+%.0f/s)  connecting %d  failed %d  dropped %d", (now - origin) / 1e9, phase, ready,
                    plan.clients(), rate, fleet.connecting(), fleet.connectFailed(), fleet.disconnected()));
            if (plan.lifetime() != null) {
                line.append("  ended ").append(fleet.ended());
            }
            long rss = ProcessMemory.rssBytes(plan.serverPid());
            if (rss >= 0) {
                line.append(String.format(Locale.ROOT, "  server rss %.1f MiB", rss / 1048576.0));
            }
            CpuSampler.Sample sample = cpu.sample();
            line.append("  ").append(CpuSampler.between(lastCpu, sample).describe());
            lastCpu = sample;
            return line.toString();
        }
    }
}
