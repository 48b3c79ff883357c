package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import io.rollcall.loadtest.cli.FleetOptions;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.cli.PublishOptions;
import io.rollcall.loadtest.cli.TargetOptions;
import io.rollcall.loadtest.scenario.Failover;
import io.rollcall.loadtest.scenario.FanOutPlan;
import io.rollcall.loadtest.scenario.FanOutReport;
import io.rollcall.loadtest.scenario.FanOutResult;
import io.rollcall.loadtest.scenario.FanOutScenario;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options and flow shared by the fan-out scenarios ({@code broadcast}, {@code rooms}):
 * subscribers of one or more events, updates published at a fixed rate. Subcommands say which
 * events the clients watch.
 */
abstract class FanOutCommand implements Callable<Integer> {
    /** The publisher keeps two longs per scheduled publish. */
    private static final long MAX_PUBLISHES = 10_000_000;
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleet;

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
            description = "How long to wait after publishing ends for the last deliveries (and, in failover, for a draining "
                    + "node to exit and its clients to resume) (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--publishers", defaultValue = "4", paramLabel = "N",
            description = "Publish connections: HTTP keep-alive (one request in flight each) or Redis (pipelined) "
                    + "(default: ${DEFAULT-VALUE})")
    int publishers;

    @Mixin
    PublishOptions publishVia;

    @Option(names = "--guests", defaultValue = "200", paramLabel = "N",
            description = "Distinct guests the updates cycle through; bounds the event's snapshot (default: ${DEFAULT-VALUE})")
    int guests;

    @Option(names = "--note-chars", defaultValue = "0", paramLabel = "N",
            description = "Characters of note text in every update (0..500), to test bigger payloads (default: ${DEFAULT-VALUE})")
    int noteChars;

    @Option(names = "--slo-p99", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Fail the run when the measured p99 delivery latency exceeds this (default: no objective)")
    Duration sloP99;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        FanOutPlan plan = plan();
        FanOutResult result = new FanOutScenario(plan, System.out).run();
        FanOutReport.printSummary(result, System.out);
        FanOutReport.write(result, output);
        return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
    }

    /** The scenario's name, as in the report. */
    abstract String scenario();

    /** Which events the clients watch; throws a usage error for bad options. */
    abstract EventSpread events();

    /** The failure to inject mid-run, if any; throws a usage error for bad options. */
    Failover failover() {
        return null;
    }

    private FanOutPlan plan() {
        URI http = target.validate(spec);
        fleet.validate(spec);
        EventSpread events = events();
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
        if (noteChars < 0 || noteChars > 500) {
            throw usage("--note-chars: " + noteChars + " (expected: 0..500, the server's note limit)");
        }
        if (fleet.clients() + publishers > FleetOptions.MAX_CLIENTS_PER_PROCESS) {
            throw usage("--clients + --publishers: " + (fleet.clients() + publishers) + " (expected: at most "
                    + FleetOptions.MAX_CLIENTS_PER_PROCESS + " sockets per process)");
        }
        return new FanOutPlan(scenario(), target.urls(), target.wire(), http, target.secret(), events, fleet.clients(), fleet.connectRate(), fleet.maxConnecting(),
                fleet.connectTimeout(),
                fleet.handshakeTimeout(),
                rate, warmup, duration, drainTimeout, publishers, guests, noteChars, fleet.threads(), Transport.select(fleet.transport()),
                fleet.localAddresses(), sloP99, target.serverPid(), failover(), publishVia.validate(spec));
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
