package io.rollcall.loadtest;

import picocli.CommandLine.Command;

/** {@code loadtest connect-storm}: how fast the server takes new clients (connect + auth + subscribe + snapshot). */
@Command(name = "connect-storm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N clients as fast as --connect-rate and --max-connecting allow; each connects, authenticates, subscribes "
                    + "and waits for its snapshot. Reports connections/s over the whole phase and per-client connect latency "
                    + "percentiles, then closes everyone.",
            "Exit status: 0 passed, 1 some client failed, 2 bad usage, 3 the run could not be carried out."})
final class ConnectStormCommand extends ConnectionCommand {
    @Override
    String scenario() {
        return "connect-storm";
    }
}
