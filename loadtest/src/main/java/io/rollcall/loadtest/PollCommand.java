package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import io.rollcall.loadtest.cli.FleetOptions;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.cli.TargetOptions;
import io.rollcall.loadtest.scenario.PollPlan;
import io.rollcall.loadtest.scenario.PollReport;
import io.rollcall.loadtest.scenario.PollResult;
import io.rollcall.loadtest.scenario.PollScenario;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest poll}: the HTTP polling baseline that push is compared with. */
@Command(name = "poll", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N keep-alive HTTP clients that GET the event's snapshot every --interval (spread evenly), while updates "
                    + "are published at --rate. Reports polls/s, poll latency, bytes per client per second and server CPU: "
                    + "compare with a broadcast run of the same clients and rate (push) at equal freshness.",
            "Exit status: 0 passed, 1 polls failed, 2 bad usage, 3 the run could not be carried out."})
final class PollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--event", defaultValue = "loadtest-poll", paramLabel = "EVENT_ID",
            description = "Event id polled and published to (default: ${DEFAULT-VALUE})")
    String eventId;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between a client's polls: the freshness polling gives (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--rate", defaultValue = "5", paramLabel = "PER_SECOND",
            description = "Updates published per second while polling (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time after opening before measuring (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Measured time (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--guests", defaultValue = "200", paramLabel = "N",
            description = "Guests published before polling starts (and cycled through after): the snapshot's size "
                    + "(default: ${DEFAULT-VALUE})")
    int guests;

    @Option(names = "--publishers", defaultValue = "4", paramLabel = "N",
            description = "Keep-alive HTTP connections publishing (default: ${DEFAULT-VALUE})")
    int publishers;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        PollResult result = new PollScenario(plan(), System.out).run();
        PollReport.printSummary(result, System.out);
        PollReport.write(result, output);
        return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
    }

    private PollPlan plan() {
        URI http = target.validate(spec);
        fleet.validate(spec);
        if (!FanOutCommand.EVENT_ID.matcher(eventId).matches()) {
            throw usage("--event: " + eventId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        if (interval.toMillis() < 10 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw usage("--interval: " + interval + " (expected: 10ms..10m)");
        }
        if (!(rate > 0) || rate > 10_000) {
            throw usage("--rate: " + rate + " (expected: > 0 and <= 10000)");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0
                || warmup.compareTo(Duration.ofHours(1)) > 0) {
            throw usage("--warmup/--duration: " + warmup + "/" + duration + " (expected: warmup 0..1h, duration > 0 and <= 1h)");
        }
        if (publishers < 1 || publishers > 64) {
            throw usage("--publishers: " + publishers + " (expected: 1..64)");
        }
        if (guests < 1 || guests > 100_000) {
            throw usage("--guests: " + guests + " (expected: 1..100000)");
        }
        return new PollPlan(http, target.secret(), eventId, fleet.clients(), fleet.connectRate(), interval, rate, warmup, duration,
                publishers, guests, fleet.threads(), Transport.select(fleet.transport()), target.serverPid());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
