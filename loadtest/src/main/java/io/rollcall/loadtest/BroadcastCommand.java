package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import io.rollcall.loadtest.cli.FleetOptions;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.cli.TargetOptions;
import io.rollcall.loadtest.scenario.BroadcastPlan;
import io.rollcall.loadtest.scenario.BroadcastReport;
import io.rollcall.loadtest.scenario.BroadcastResult;
import io.rollcall.loadtest.scenario.BroadcastScenario;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest broadcast}: many subscribers of one event, updates published at a fixed rate. */
@Command(name = "broadcast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N WebSocket clients, subscribes them all to one event, waits for every snapshot, then publishes "
                    + "updates over HTTP at a fixed rate for warmup + duration. Each update carries its intended send time; "
                    + "clients record delivery latency from it (coordinated-omission free) and check that seq grows by exactly one.",
            "Exit status: 0 passed, 1 a check failed (loss, duplicates, reordering, disconnects, publish errors, SLO), "
                    + "2 bad usage, 3 the run could not be carried out."})
final class BroadcastCommand implements Callable<Integer> {
    /** The publisher keeps two longs per scheduled publish. */
    private static final long MAX_PUBLISHES = 10_000_000;
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--event", defaultValue = "loadtest", paramLabel = "EVENT_ID",
            description = "Event id all clients watch (default: ${DEFAULT-VALUE})")
    String eventId;

    @Option(names = "--rate", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "Updates published per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Measured publishing time (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Publishing time before measuring (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--drain-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait for the last deliveries after publishing ends (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--publishers", defaultValue = "4", paramLabel = "N",
            description = "Keep-alive HTTP connections publishing (default: ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--guests", defaultValue = "200", paramLabel = "N",
            description = "Distinct guests the updates cycle through; bounds the event's snapshot (default: ${DEFAULT-VALUE})")
    int guests;

    @Option(names = "--slo-p99", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Fail the run when the measured p99 delivery latency exceeds this (default: no objective)")
    Duration sloP99;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        BroadcastPlan plan = plan();
        BroadcastResult result = new BroadcastScenario(plan, System.out).run();
        BroadcastReport.printSummary(result, System.out);
        if (output.jsonOut() != null) {
            BroadcastReport.writeJson(result, output.jsonOut());
        }
        if (output.hgrmOut() != null) {
            BroadcastReport.writeHgrm(result, output.hgrmOut());
        }
        return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
    }

    private BroadcastPlan plan() {
        URI http = target.validate(spec);
        fleet.validate(spec);
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw usage("--event: " + eventId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        if (!(rate > 0) || rate > 100_000) {
            throw usage("--rate: " + rate + " (expected: > 0 and <= 100000)");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw usage("--duration: " + duration + " (expected: > 0 and <= 24h)");
        }
        if (warmup.isNegative() || warmup.compareTo(Duration.ofHours(1)) > 0) {
            throw usage("--warmup: " + warmup + " (expected: 0..1h)");
        }
        if (drainTimeout.isNegative() || drainTimeout.isZero() || drainTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw usage("--drain-timeout: " + drainTimeout + " (expected: > 0 and <= 10m)");
        }
        long publishes = Math.round(rate * (warmup.toNanos() + duration.toNanos()) / 1e9);
        if (publishes > MAX_PUBLISHES) {
            throw usage("--rate x (--warmup + --duration): " + publishes + " publishes (expected: at most " + MAX_PUBLISHES + ")");
        }
        if (publishers < 1 || publishers > 64) {
            throw usage("--publishers: " + publishers + " (expected: 1..64)");
        }
        if (guests < 1 || guests > 100_000) {
            throw usage("--guests: " + guests + " (expected: 1..100000)");
        }
        if (fleet.clients() + publishers > FleetOptions.MAX_CLIENTS_PER_PROCESS) {
            throw usage("--clients + --publishers: " + (fleet.clients() + publishers) + " (expected: at most "
                    + FleetOptions.MAX_CLIENTS_PER_PROCESS + " sockets per process)");
        }
        return new BroadcastPlan(target.url(), http, target.secret(), eventId, fleet.clients(), fleet.connectRate(), fleet.maxConnecting(),
                fleet.connectTimeout(),
                fleet.handshakeTimeout(),
                rate, warmup, duration, drainTimeout, publishers, guests, fleet.threads(), Transport.select(fleet.transport()),
                fleet.localAddresses(), sloP99, target.serverPid());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
