package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.FleetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest connect-storm}: how fast the server takes new clients (connect + auth + subscribe + snapshot). */
@Command(name = "connect-storm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N clients as fast as --connect-rate and --max-connecting allow; each connects, authenticates, subscribes "
                    + "and waits for its snapshot. Reports connections/s over the whole phase and per-client connect latency "
                    + "percentiles (and the rate between 10 % and 90 % of the clients ready), then closes everyone.",
            "With --warmup-storms K, K unmeasured storms (connect, subscribe, close) run first in this JVM against the same "
                    + "server, so that JIT compilation on both sides does not dominate the measured one.",
            "Exit status: 0 passed, 1 some client failed, 2 bad usage, 3 the run could not be carried out."})
final class ConnectStormCommand extends ConnectionCommand {
    private static final int MAX_WARMUP_STORMS = 20;

    @Option(names = "--warmup-storms", defaultValue = "0", paramLabel = "K",
            description = "Unmeasured storms to run before the measured one (0.." + MAX_WARMUP_STORMS + "; default: ${DEFAULT-VALUE}; "
                    + "about 10 storms of 10,000 clients warm a fresh server up)")
    int warmupStorms;

    @Option(names = "--warmup-clients", paramLabel = "N",
            description = "Clients per warm-up storm (default: --clients)")
    Integer warmupClients;

    @Override
    String scenario() {
        return "connect-storm";
    }

    @Override
    int warmupStorms() {
        if (warmupStorms < 0 || warmupStorms > MAX_WARMUP_STORMS) {
            throw usage("--warmup-storms: " + warmupStorms + " (expected: 0.." + MAX_WARMUP_STORMS + ")");
        }
        return warmupStorms;
    }

    @Override
    int warmupClients() {
        int clients = warmupClients != null ? warmupClients : fleet.clients();
        if (clients < 1 || clients > FleetOptions.MAX_CLIENTS_PER_PROCESS) {
            throw usage("--warmup-clients: " + clients + " (expected: 1.." + FleetOptions.MAX_CLIENTS_PER_PROCESS + ")");
        }
        return clients;
    }
}
