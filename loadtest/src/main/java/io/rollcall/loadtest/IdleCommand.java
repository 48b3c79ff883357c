package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest idle}: hold N quiet connections and report what they cost the server. */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N subscribed clients, then holds them for --hold without publishing. With --server-pid, reports the "
                    + "server's RSS (VmRSS) before connecting, once all are connected and at the end, and the growth per "
                    + "connection. Any client dropped while held fails the run.",
            "Exit status: 0 passed, 1 a client failed or was dropped, 2 bad usage, 3 the run could not be carried out."})
final class IdleCommand extends ConnectionCommand {
    @Option(names = "--hold", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to hold the connections once all are ready (default: ${DEFAULT-VALUE})")
    Duration hold;

    @Override
    String scenario() {
        return "idle";
    }

    @Override
    Duration hold() {
        return bounded("--hold", hold);
    }
}
