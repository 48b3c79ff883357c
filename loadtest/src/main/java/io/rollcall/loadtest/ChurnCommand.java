package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest churn}: clients come and go at a rate. */
@Command(name = "churn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens --clients clients in total at --connect-rate; each connects, authenticates, subscribes, takes its "
                    + "snapshot, stays --lifetime and closes itself (about connect-rate x lifetime are open at once). Reports "
                    + "how many made it through and the errors.",
            "Exit status: 0 passed, 1 a client failed or was dropped, 2 bad usage, 3 the run could not be carried out."})
final class ChurnCommand extends ConnectionCommand {
    @Option(names = "--lifetime", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long each client stays after its snapshot (default: ${DEFAULT-VALUE})")
    Duration lifetime;

    @Override
    String scenario() {
        return "churn";
    }

    @Override
    Duration lifetime() {
        return bounded("--lifetime", lifetime);
    }
}
