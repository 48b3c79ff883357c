package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.publish.HttpPublisher;
import io.rollcall.loadtest.publish.PublishLedger;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.MeasureWindow;
import io.rollcall.loadtest.stats.Progress;
import io.rollcall.loadtest.support.Pacer;
import io.rollcall.loadtest.support.Tokens;
import io.rollcall.loadtest.ws.ClientFleet;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The broadcast scenario: N clients subscribe to one event; once all have their snapshot, updates
 * are published over HTTP at a fixed rate for warmup + duration, each stamped with its intended
 * send time; every client checks seq continuity and records latency from that intended time.
 * Phases: connect, warmup, measure, drain, close; each is bounded in time. Runs on the calling
 * thread (plus a pacing thread per phase and the progress printer).
 */
public final class BroadcastScenario {
    private static final Duration LOOP_ANSWER = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BroadcastPlan plan;
    private final PrintStream out;
    private final MeasureWindow window = new MeasureWindow();
    private final CpuSampler cpu;
    private final long origin = System.nanoTime();
    private volatile String phase = "connect";
    private volatile boolean stop;

    public BroadcastScenario(BroadcastPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        this.cpu = new CpuSampler(plan.serverPid());
    }

    public BroadcastResult run() throws InterruptedException, TimeoutException {
        Instant expiry = Instant.now().plus(plan.bound()).plus(Duration.ofHours(1));
        String watchToken = Tokens.hs256(plan.secret(), "loadtest-subscriber", List.of(plan.eventId()), null, expiry);
        String publishToken = Tokens.hs256(plan.secret(), "loadtest-publisher", List.of(plan.eventId()), "publish", expiry);
        ClientFleet fleet = new ClientFleet(new ClientFleet.Spec(plan.url(), watchToken, plan.eventId(), plan.threads(), plan.transport(),
                plan.localAddresses(), plan.handshakeTimeout()), window);
        HttpPublisher publisher = new HttpPublisher(new HttpPublisher.Spec(plan.http(), plan.eventId(), publishToken, plan.publishers(),
                plan.guests(), plan.transport(), (int) plan.publishCount()));
        out.printf(Locale.ROOT, "broadcast: %d clients on %s (%s, %d threads), event %s, %.1f updates/s for %s warmup + %s measured%n",
                plan.clients(), plan.url(), plan.transport().name(), plan.threads(), plan.eventId(), plan.rate(),
                human(plan.warmup()), human(plan.duration()));
        ProgressLine line = new ProgressLine(fleet, publisher);
        Progress progress = new Progress(out, line::next);
        try {
            return run(fleet, publisher);
        } finally {
            phase = "close";
            stop = true;
            progress.close();
            publisher.close();
            fleet.close(Duration.ofSeconds(5));
        }
    }

    /** What the publish phase left for the report; {@code start} is 0 when nothing was published. */
    private record Published(long start, double seconds, CpuSampler.Usage measuredCpu) {}

    /** How the drain went. */
    private record Drained(double seconds, boolean timedOut) {}

    private BroadcastResult run(ClientFleet fleet, HttpPublisher publisher) throws InterruptedException, TimeoutException {
        double connectSeconds = connect(fleet);
        int connectTimedOut = plan.clients() - fleet.ready() - fleet.connectFailed();
        out.printf(Locale.ROOT, "connect: %d of %d clients ready in %.1f s (%d failed%s)%n", fleet.ready(), plan.clients(), connectSeconds,
                fleet.connectFailed(), connectTimedOut > 0 ? ", " + connectTimedOut + " not ready by the connect timeout" : "");
        List<String> failures = new ArrayList<>();
        Published published = new Published(0, 0, null);
        Drained drained = new Drained(0, false);
        if (fleet.ready() == 0) {
            failures.add("no client got ready; nothing was published");
        } else if (!stop) {
            published = publish(publisher);
            drained = drain(fleet, publisher);
        }
        return collect(fleet, publisher, connectSeconds, connectTimedOut, published, drained, failures);
    }

    /** Opens clients at the connect rate, at most maxConnecting at once, until all are ready or failed, or time is up. */
    private double connect(ClientFleet fleet) throws InterruptedException {
        long connectStart = System.nanoTime();
        long connectDeadline = connectStart + plan.connectTimeout().toNanos();
        BooleanSupplier over = () -> stop || System.nanoTime() - connectDeadline >= 0;
        Thread opener = start("opener", () -> Pacer.run(connectStart, plan.connectRate(), plan.clients(), over, (i, t) -> {
            while (fleet.connecting() >= plan.maxConnecting() && !over.getAsBoolean()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            fleet.open();
        }));
        while (!over.getAsBoolean() && fleet.ready() + fleet.connectFailed() < plan.clients()) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        opener.join(1000);
        return (System.nanoTime() - connectStart) / 1e9;
    }

    /** Publishes on schedule for warmup + duration; latency counts from intended send times. */
    private Published publish(HttpPublisher publisher) throws InterruptedException {
        publisher.start(Duration.ofSeconds(10));
        long publishStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long warmupEnd = publishStart + plan.warmup().toNanos();
        long publishEnd = warmupEnd + plan.duration().toNanos();
        window.set(warmupEnd, publishEnd);
        phase = plan.warmup().isZero() ? "measure" : "warmup";
        Thread pacer = start("pacer", () -> Pacer.run(publishStart, plan.rate(), plan.publishCount(), () -> stop, publisher::publish));
        CpuSampler.Sample windowStart = plan.warmup().isZero() ? cpu.sample() : null;
        while (pacer.isAlive() && System.nanoTime() - (publishEnd + TimeUnit.SECONDS.toNanos(5)) < 0) {
            if (windowStart == null && System.nanoTime() - warmupEnd >= 0) {
                windowStart = cpu.sample();
                phase = "measure";
            }
            pacer.join(10);
        }
        stop = stop || pacer.isAlive();
        pacer.join(1000);
        CpuSampler.Usage measuredCpu = windowStart == null ? null : CpuSampler.between(windowStart, cpu.sample());
        return new Published(publishStart, (System.nanoTime() - publishStart) / 1e9, measuredCpu);
    }

    /** Waits for the last publish replies, then for every live client to reach the last seq. */
    private Drained drain(ClientFleet fleet, HttpPublisher publisher) throws InterruptedException, TimeoutException {
        phase = "drain";
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + plan.drainTimeout().toNanos();
        boolean timedOut = !publisher.awaitResponses(drainDeadline);
        long target = publisher.maxSeq();
        while (!timedOut && fleet.behind(target, LOOP_ANSWER) > 0) {
            if (System.nanoTime() - drainDeadline >= 0) {
                timedOut = true;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return new Drained((System.nanoTime() - drainStart) / 1e9, timedOut);
    }

    private BroadcastResult collect(ClientFleet fleet, HttpPublisher publisher, double connectSeconds, int connectTimedOut,
            Published published, Drained drained, List<String> failures) throws InterruptedException, TimeoutException {
        PublishLedger ledger = published.start() == 0 ? null : publisher.ledger(LOOP_ANSWER);
        long end = System.nanoTime();
        ClientFleet.Tally tally = fleet.tally(LOOP_ANSWER);
        // Replies may still arrive after a timed-out drain; a seq some client got was published too.
        long finalSeq = publisher.maxSeq();
        for (long last : tally.lastSeqs()) {
            finalSeq = Math.max(finalSeq, last);
        }
        long expected = 0;
        long missing = 0;
        for (int i = 0; i < tally.readyClients(); i++) {
            expected += Math.max(0, finalSeq - tally.startSeqs()[i]);
            missing += Math.max(0, finalSeq - tally.lastSeqs()[i]);
        }
        Histogram latency = tally.latency();
        long undeliveredTimed = ledger == null ? 0 : timeUndelivered(latency, ledger, tally, finalSeq, end);
        Histogram[] publishHistograms = published.start() == 0
                ? new Histogram[] {Histograms.newHistogram(), Histograms.newHistogram()}
                : publisher.histograms(LOOP_ANSWER);

        BroadcastResult.Connect connect = new BroadcastResult.Connect(fleet.attempted(), fleet.ready(),
                fleet.connectFailed() + Math.max(0, connectTimedOut), connectSeconds, tally.connectTimes());
        BroadcastResult.Publish publish = new BroadcastResult.Publish(plan.publishCount(), publisher.submitted(), publisher.accepted(),
                publisher.failed(), finalSeq, published.seconds(), publishHistograms[0], publishHistograms[1]);
        BroadcastResult.Deliveries deliveries = new BroadcastResult.Deliveries(expected, tally.received(), tally.deliveredInWindow(),
                window.seconds(), tally.unstamped(), undeliveredTimed);
        BroadcastResult.Checks checks = new BroadcastResult.Checks(tally.lost(), tally.duplicates(), tally.outOfOrder(), missing,
                fleet.disconnected(), tally.errorFrames(), fleet.liveErrors(), tally.goAways());
        failures.addAll(failures(connect, publish, deliveries, checks, latency, drained.timedOut()));
        return new BroadcastResult(plan, plan.transport().name(), connect, publish, deliveries, checks, latency, published.measuredCpu(),
                drained.seconds(), drained.timedOut(), fleet.problems(), publisher.problems(), failures);
    }

    /**
     * Adds to {@code latency} the deliveries that never came, for updates intended in the window:
     * seqs a client had not reached by the end, and publishes never accepted (missed by every
     * client), each timed as {@code end} minus its intended time, a lower bound of its latency.
     * Without this a stalled server would be judged only by the few updates it did deliver.
     */
    private long timeUndelivered(Histogram latency, PublishLedger ledger, ClientFleet.Tally tally, long finalSeq, long end) {
        long timed = 0;
        long[] lastSeqs = tally.lastSeqs().clone();
        Arrays.sort(lastSeqs);
        int behind = 0;
        // Clients missing seq s are those whose last seq is below s; walk seqs upwards once.
        for (long seq = ledger.minSeq(); seq <= finalSeq; seq++) {
            while (behind < lastSeqs.length && lastSeqs[behind] < seq) {
                behind++;
            }
            long intended = ledger.intendedOf(seq);
            if (behind > 0 && intended >= 0 && window.contains(intended)) {
                latency.recordValueWithCount(Histograms.micros(end - intended), behind);
                timed += behind;
            }
        }
        for (long intended : ledger.unacceptedIntended()) {
            if (window.contains(intended) && tally.readyClients() > 0) {
                latency.recordValueWithCount(Histograms.micros(end - intended), tally.readyClients());
                timed += tally.readyClients();
            }
        }
        return timed;
    }

    private List<String> failures(BroadcastResult.Connect connect, BroadcastResult.Publish publish, BroadcastResult.Deliveries deliveries,
            BroadcastResult.Checks checks, Histogram latency, boolean drainTimedOut) {
        List<String> failures = new ArrayList<>();
        if (stop) {
            failures.add("the publish schedule overran its time bound and was stopped");
        }
        if (connect.failed() > 0) {
            failures.add(connect.failed() + " of " + connect.attempted() + " clients did not connect and subscribe");
        }
        if (publish.submitted() < publish.scheduled()) {
            failures.add("only " + publish.submitted() + " of " + publish.scheduled() + " scheduled publishes were sent");
        }
        if (publish.failed() > 0) {
            failures.add(publish.failed() + " publishes failed");
        }
        if (checks.lost() > 0) {
            failures.add(checks.lost() + " deliveries lost (seq gaps)");
        }
        if (checks.duplicates() > 0) {
            failures.add(checks.duplicates() + " duplicate deliveries");
        }
        if (checks.outOfOrder() > 0) {
            failures.add(checks.outOfOrder() + " out-of-order deliveries");
        }
        if (checks.missingAtEnd() > 0) {
            failures.add(checks.missingAtEnd() + " deliveries still missing at the end of the drain");
        }
        if (checks.disconnected() > 0) {
            failures.add(checks.disconnected() + " clients were disconnected during the run");
        }
        if (checks.errorFrames() > 0 || checks.liveErrors() > 0) {
            failures.add((checks.errorFrames() + checks.liveErrors()) + " error frames or view resets");
        }
        if (deliveries.received() != deliveries.expected() && checks.lost() + checks.duplicates() + checks.outOfOrder()
                + checks.missingAtEnd() == 0) {
            failures.add("received " + deliveries.received() + " deliveries, expected " + deliveries.expected());
        }
        if (drainTimedOut) {
            failures.add("drain timed out after " + human(plan.drainTimeout()));
        }
        if (plan.sloP99() != null && latency.getTotalCount() > 0
                && latency.getValueAtPercentile(99) > TimeUnit.NANOSECONDS.toMicros(plan.sloP99().toNanos())) {
            failures.add(String.format(Locale.ROOT, "p99 latency %.1f ms exceeds the objective %s",
                    Histograms.percentileMillis(latency, 99), human(plan.sloP99())));
        }
        return failures;
    }

    private Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    /** The per-second progress line; runs on the progress thread only. */
    private final class ProgressLine {
        private final ClientFleet fleet;
        private final HttpPublisher publisher;
        private final Histogram interval = Histograms.newHistogram();
        private long lastNanos = System.nanoTime();
        private long lastPublished;
        private CpuSampler.Sample lastCpu = cpu.sample();

        ProgressLine(ClientFleet fleet, HttpPublisher publisher) {
            this.fleet = fleet;
            this.publisher = publisher;
        }

        String next() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            interval.reset();
            fleet.intervalInto(interval);
            long published = publisher.accepted();
            double publishRate = (published - lastPublished) / seconds;
            lastPublished = published;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1fs] %-7s clients %d/%d", (now - origin) / 1e9, phase,
                    fleet.ready(), plan.clients()));
            if (fleet.connectFailed() + fleet.disconnected() > 0) {
                line.append(String.format(Locale.ROOT, " (failed %d, dropped %d)", fleet.connectFailed(), fleet.disconnected()));
            }
            line.append(String.format(Locale.ROOT, "  published %.0f/s  deliveries %,.0f/s", publishRate,
                    interval.getTotalCount() / seconds));
            if (interval.getTotalCount() > 0) {
                line.append(String.format(Locale.ROOT, "  p50 %.1f ms  p99 %.1f ms  max %.1f ms", Histograms.percentileMillis(interval, 50),
                        Histograms.percentileMillis(interval, 99), Histograms.maxMillis(interval)));
            }
            CpuSampler.Sample sample = cpu.sample();
            line.append("  ").append(CpuSampler.between(lastCpu, sample).describe());
            lastCpu = sample;
            return line.toString();
        }
    }
}
