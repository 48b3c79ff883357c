package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.FleetOptions;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.cli.TargetOptions;
import io.rollcall.loadtest.scenario.ConnectionPlan;
import io.rollcall.loadtest.scenario.ConnectionReport;
import io.rollcall.loadtest.scenario.ConnectionResult;
import io.rollcall.loadtest.scenario.ConnectionScenario;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.workers.ConnectionParts;
import io.rollcall.loadtest.workers.ConnectionWorkers;
import io.rollcall.loadtest.workers.WorkerCommand;
import io.rollcall.loadtest.workers.WorkerFailure;
import io.rollcall.loadtest.workers.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options and flow shared by the connection scenarios ({@code connect-storm}, {@code idle},
 * {@code churn}): clients open at {@code --connect-rate}, each connects, authenticates and
 * subscribes to {@code --event}; nothing is published. Subcommands say how long clients stay.
 */
abstract class ConnectionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--event", defaultValue = "loadtest-connections", paramLabel = "EVENT_ID",
            description = "Event id every client subscribes to (default: ${DEFAULT-VALUE})")
    String eventId;

    @Mixin
    OutputOptions output;

    @Mixin
    WorkerOptions workers;

    abstract String scenario();

    /** How long all clients are held once connected (idle); zero for none. */
    Duration hold() {
        return Duration.ZERO;
    }

    /** How long each client stays after its snapshot (churn); null: until the end. */
    Duration lifetime() {
        return null;
    }

    /** Unmeasured storms before the measured run (connect-storm); zero for none. */
    int warmupStorms() {
        return 0;
    }

    /** Clients per warm-up storm. */
    int warmupClients() {
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        ConnectionPlan plan = plan();
        ConnectionResult result;
        if (workers.launching()) {
            ConnectionWorkers spread = new ConnectionWorkers(plan, workers.workers(), System.out);
            if (spread.problem() != null) {
                throw usage("--clients: " + spread.problem());
            }
            try {
                result = spread.run(WorkerCommand.of(spec, LoadTest.class));
            } catch (WorkerFailure e) {
                System.err.println("loadtest: " + e.getMessage());
                return e.exitCode();
            }
        } else {
            ConnectionScenario scenario = new ConnectionScenario(plan, System.out);
            // Before the go: with --workers, every worker's measured storm starts together after its warm-up.
            scenario.warmUp();
            Instant began = workers.awaitGo(System.out);
            result = scenario.run();
            if (workers.isWorker()) {
                workers.write(ConnectionParts.encode(result, began));
                return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
            }
        }
        ConnectionReport.printSummary(result, System.out);
        ConnectionReport.write(result, output);
        return result.passed() ? ExitCodes.PASSED : ExitCodes.FAILED;
    }

    private ConnectionPlan plan() {
        target.validateWebSocket(spec);
        fleet.validate(spec, workers.validate(spec));
        if (!FanOutCommand.EVENT_ID.matcher(eventId).matches()) {
            throw usage("--event: " + eventId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        return new ConnectionPlan(scenario(), target.urls(), target.wire(), target.secret(), eventId, fleet.clients(), fleet.connectRate(),
                fleet.maxConnecting(), fleet.connectTimeout(), fleet.handshakeTimeout(), hold(), lifetime(), fleet.threads(),
                Transport.select(fleet.transport()), fleet.localAddresses(), target.serverPid(), warmupStorms(), warmupClients());
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code value}, checked to be within 0..24h. */
    Duration bounded(String name, Duration value) {
        if (value.isNegative() || value.compareTo(Duration.ofHours(24)) > 0) {
            throw usage(name + ": " + value + " (expected: 0..24h)");
        }
        return value;
    }
}
