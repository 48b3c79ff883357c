package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.publish.HttpPublisher;
import io.rollcall.loadtest.publish.PublishLedger;
import io.rollcall.loadtest.publish.PublishVia;
import io.rollcall.loadtest.publish.Publisher;
import io.rollcall.loadtest.publish.RedisPublisher;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.MeasureWindow;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The fan-out scenarios ({@code broadcast}, {@code rooms}): N clients subscribe to one or more
 * events; once all have their snapshot, updates are published (HTTP or Redis) at a fixed rate (spread
 * round-robin over the events) for warmup + duration, each stamped with its intended send time;
 * every client checks seq continuity and records latency from that intended time.
 * Phases: connect, warmup, measure, drain, close; each is bounded in time. Runs on the calling
 * thread (plus a pacing thread per phase and the progress printer).
 */
public final class FanOutScenario {
    private static final Duration LOOP_ANSWER = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final FanOutPlan plan;
    private final PrintStream out;
    private final MeasureWindow window = new MeasureWindow();
    private final Timeline timeline = new Timeline();
    private final CpuSampler cpu;
    private final long origin = System.nanoTime();
    private volatile String phase = "connect";
    private volatile boolean stop;

    public FanOutScenario(FanOutPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        this.cpu = new CpuSampler(plan.serverPid());
    }

    public FanOutResult run() throws InterruptedException, TimeoutException {
        Instant expiry = Instant.now().plus(plan.bound()).plus(Duration.ofHours(1));
        List<String> eventIds = plan.events().eventIds();
        String watchToken = Tokens.hs256(plan.secret(), "loadtest-subscriber", eventIds, null, expiry);
        String publishToken = Tokens.hs256(plan.secret(), "loadtest-publisher", eventIds, "publish", expiry);
        ClientFleet fleet = new ClientFleet(new ClientFleet.Spec(plan.urls(), plan.wire(), watchToken, plan.events(), plan.threads(), plan.transport(),
                plan.localAddresses(), plan.handshakeTimeout(), null, plan.failover() != null), window);
        Publisher publisher = newPublisher(eventIds, publishToken);
        out.printf(Locale.ROOT, "%s: %d clients on %s (%s; %s, %d threads), %s, %.1f updates/s for %s warmup + %s measured, "
                + "publishing via %s%n", plan.scenario(), plan.clients(), plan.urls(), plan.wire().describe(), plan.transport().name(),
                plan.threads(), describe(plan.events()), plan.rate(), human(plan.warmup()), human(plan.duration()), plan.publishVia().describe());
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

    private Publisher newPublisher(List<String> eventIds, String publishToken) {
        PublishVia via = plan.publishVia();
        if (via.kind() == PublishVia.Kind.REDIS) {
            return new RedisPublisher(new RedisPublisher.Spec(via.redis(), via.keyPrefix(), eventIds, plan.publishers(), plan.guests(),
                    plan.noteChars(), (int) plan.publishCount()));
        }
        return new HttpPublisher(new HttpPublisher.Spec(plan.http(), eventIds, publishToken, plan.publishers(), plan.guests(),
                plan.noteChars(), plan.transport(), (int) plan.publishCount()));
    }

    /** What the publish phase left for the report; {@code start} is 0 when nothing was published. */
    private record Published(long start, double seconds, CpuSampler.Usage measuredCpu) {}

    /** How the drain went. */
    private record Drained(double seconds, boolean timedOut) {}

    private FanOutResult run(ClientFleet fleet, Publisher publisher) throws InterruptedException, TimeoutException {
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
    private Published publish(Publisher publisher) throws InterruptedException {
        publisher.start(Duration.ofSeconds(10));
        long publishStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long warmupEnd = publishStart + plan.warmup().toNanos();
        long publishEnd = warmupEnd + plan.duration().toNanos();
        window.set(warmupEnd, publishEnd);
        phase = plan.warmup().isZero() ? "measure" : "warmup";
        Thread pacer = start("pacer", () -> Pacer.run(publishStart, plan.rate(), plan.publishCount(), () -> stop, publisher::publish));
        if (plan.failover() != null) {
            start("failover", () -> {
                long at = publishStart + plan.failover().at().toNanos();
                while (!stop && System.nanoTime() - at < 0) {
                    LockSupport.parkNanos(Math.min(POLL_NANOS, at - System.nanoTime()));
                }
                if (!stop) {
                    out.printf(Locale.ROOT, "[%6.1fs] failover: %s%n", (System.nanoTime() - origin) / 1e9, plan.failover().description());
                    plan.failover().action().run();
                }
            });
        }
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
    private Drained drain(ClientFleet fleet, Publisher publisher) throws InterruptedException, TimeoutException {
        phase = "drain";
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + plan.drainTimeout().toNanos();
        boolean timedOut = !publisher.awaitResponses(drainDeadline);
        long[] targets = publisher.maxSeqs();
        // A draining node moves its clients over many seconds; wait for it (and their resumes) too.
        while (!timedOut && (fleet.behind(targets, LOOP_ANSWER) > 0 || failedNodeRunning() || fleet.reconnecting() > 0)) {
            if (System.nanoTime() - drainDeadline >= 0) {
                timedOut = true;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return new Drained((System.nanoTime() - drainStart) / 1e9, timedOut);
    }

    private boolean failedNodeRunning() {
        return plan.failover() != null && plan.failover().nodeGone() != null && !plan.failover().nodeGone().isDone();
    }

    private FanOutResult.FailedNode failedNode() {
        if (plan.failover() == null || plan.failover().nodeGone() == null) {
            return null;
        }
        Duration gone = plan.failover().nodeGone().getNow(null);
        return new FanOutResult.FailedNode(gone == null, gone == null ? 0 : gone.toNanos() / 1e9);
    }

    private FanOutResult collect(ClientFleet fleet, Publisher publisher, double connectSeconds, int connectTimedOut,
            Published published, Drained drained, List<String> failures) throws InterruptedException, TimeoutException {
        PublishLedger[] ledgers = published.start() == 0 ? null : publisher.ledgers();
        long end = System.nanoTime();
        Tally tally = fleet.tally(LOOP_ANSWER);
        // Replies may still arrive after a timed-out drain; a seq some client got was published too.
        long[] finalSeqs = publisher.maxSeqs();
        for (int i = 0; i < tally.readyClients(); i++) {
            finalSeqs[tally.events()[i]] = Math.max(finalSeqs[tally.events()[i]], tally.lastSeqs()[i]);
        }
        long expected = 0;
        long missing = 0;
        for (int i = 0; i < tally.readyClients(); i++) {
            long finalSeq = finalSeqs[tally.events()[i]];
            expected += Math.max(0, finalSeq - tally.startSeqs()[i]);
            missing += Math.max(0, finalSeq - tally.lastSeqs()[i]);
        }
        Histogram latency = tally.latency();
        long undeliveredTimed = 0;
        if (ledgers != null) {
            for (int e = 0; e < ledgers.length; e++) {
                undeliveredTimed += timeUndelivered(latency, ledgers[e], lastSeqsOf(tally, e), finalSeqs[e], end);
            }
        }
        long publishedSeqs = 0;
        for (long seq : finalSeqs) {
            publishedSeqs += seq;
        }
        Histogram[] publishHistograms = published.start() == 0
                ? new Histogram[] {Histograms.newHistogram(), Histograms.newHistogram()}
                : publisher.histograms();

        FanOutResult.Connect connect = new FanOutResult.Connect(fleet.attempted(), fleet.ready(),
                fleet.connectFailed() + Math.max(0, connectTimedOut), connectSeconds, tally.connectTimes());
        FanOutResult.Publish publish = new FanOutResult.Publish(plan.publishCount(), publisher.submitted(), publisher.accepted(),
                publisher.failed(), publishedSeqs, published.seconds(), publishHistograms[0], publishHistograms[1]);
        FanOutResult.Deliveries deliveries = new FanOutResult.Deliveries(expected, tally.received(), tally.deliveredInWindow(),
                window.seconds(), tally.unstamped(), undeliveredTimed, fleet.bytesReceived());
        FanOutResult.Checks checks = new FanOutResult.Checks(tally.lost(), tally.duplicates(), tally.outOfOrder(), missing,
                fleet.disconnected(), tally.errorFrames(), fleet.liveErrors(), tally.goAways());
        FanOutResult.Reconnects reconnects = new FanOutResult.Reconnects(fleet.reconnects(), fleet.resumed(), fleet.viewResets(),
                fleet.reconnecting(), tally.reconnectTimes(), failedNode());
        failures.addAll(failures(connect, publish, deliveries, checks, latency, drained.timedOut()));
        if (reconnects.stillReconnecting() > 0) {
            failures.add(reconnects.stillReconnecting() + " clients were still reconnecting at the end");
        }
        if (reconnects.failedNode() != null && reconnects.failedNode().stillRunning()) {
            failures.add("the failed node was still running at the end, so some of its clients never moved "
                    + "(lengthen --drain-timeout, or shorten the node's --drain-lb-delay / --drain-spread)");
        }
        return new FanOutResult(plan, plan.transport().name(), connect, publish, deliveries, checks, reconnects, latency, published.measuredCpu(),
                drained.seconds(), drained.timedOut(), fleet.problems(), publisher.problems(), timeline.points(), failures);
    }

    /** The last seqs of the ready clients that watched event {@code event}. */
    private static long[] lastSeqsOf(Tally tally, int event) {
        return java.util.stream.IntStream.range(0, tally.readyClients()).filter(i -> tally.events()[i] == event)
                .mapToLong(i -> tally.lastSeqs()[i]).toArray();
    }

    /**
     * Adds to {@code latency} the deliveries of one event that never came, for updates intended in the window:
     * seqs a client had not reached by the end, and publishes never accepted (missed by every
     * client), each timed as {@code end} minus its intended time, a lower bound of its latency.
     * Without this a stalled server would be judged only by the few updates it did deliver.
     */
    private long timeUndelivered(Histogram latency, PublishLedger ledger, long[] lastSeqs, long finalSeq, long end) {
        long timed = 0;
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
            if (window.contains(intended) && lastSeqs.length > 0) {
                latency.recordValueWithCount(Histograms.micros(end - intended), lastSeqs.length);
                timed += lastSeqs.length;
            }
        }
        return timed;
    }

    private List<String> failures(FanOutResult.Connect connect, FanOutResult.Publish publish, FanOutResult.Deliveries deliveries,
            FanOutResult.Checks checks, Histogram latency, boolean drainTimedOut) {
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

    private static String describe(EventSpread events) {
        return events.count() == 1 ? "event " + events.eventIds().get(0)
                : events.count() + " events (" + events.distribution().name().toLowerCase(Locale.ROOT) + ")";
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    /** The per-second progress line; runs on the progress thread only. */
    private final class ProgressLine {
        private final ClientFleet fleet;
        private final Publisher publisher;
        private final Histogram interval = Histograms.newHistogram();
        private long lastNanos = System.nanoTime();
        private long lastPublished;
        private CpuSampler.Sample lastCpu = cpu.sample();

        ProgressLine(ClientFleet fleet, Publisher publisher) {
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
            double deliveryRate = interval.getTotalCount() / seconds;
            timeline.add((now - origin) / 1e9, phase, deliveryRate, Histograms.percentileMillis(interval, 99));
            line.append(String.format(Locale.ROOT, "  published %.0f/s  deliveries %,.0f/s", publishRate, deliveryRate));
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
