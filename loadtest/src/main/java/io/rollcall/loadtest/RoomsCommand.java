package io.rollcall.loadtest;

import io.rollcall.loadtest.support.EventSpread;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest rooms}: subscribers spread over many events, the publish rate spread evenly over the events. */
@Command(name = "rooms", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N WebSocket clients spread over E events (uniformly, or by a Zipf law so a few events are crowded and "
                    + "most are small), waits for every snapshot, then publishes updates (HTTP or --publish-via redis) at --rate "
                    + "per second in total, round-robin over the events, for warmup + duration. Latency and checks as in broadcast.",
            "Exit status: 0 passed, 1 a check failed, 2 bad usage, 3 the run could not be carried out."})
final class RoomsCommand extends FanOutCommand {
    /** Event ids get "-<index>" appended; keep the result within the 64-character limit. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,50}");
    static final int MAX_EVENTS = 100_000;

    @Option(names = "--events", defaultValue = "100", paramLabel = "E",
            description = "Number of events; ids are PREFIX-0 … PREFIX-(E-1) (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--event-prefix", defaultValue = "room", paramLabel = "PREFIX",
            description = "Event id prefix; use a fresh one per run against a long-lived server (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--distribution", defaultValue = "uniform", paramLabel = "KIND",
            description = "uniform | zipf: how clients spread over the events (default: ${DEFAULT-VALUE})")
    EventSpread.Distribution distribution;

    @Option(names = "--zipf-exponent", defaultValue = "1.0", paramLabel = "S",
            description = "Zipf exponent: event of rank k gets a share of clients proportional to 1/k^S (default: ${DEFAULT-VALUE})")
    double exponent;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the Zipf assignment, so runs repeat (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    String scenario() {
        return "rooms";
    }

    @Override
    EventSpread events() {
        if (!PREFIX.matcher(prefix).matches()) {
            throw usage("--event-prefix: " + prefix + " (expected: [A-Za-z0-9_-]{1,50})");
        }
        if (events < 1 || events > MAX_EVENTS) {
            throw usage("--events: " + events + " (expected: 1.." + MAX_EVENTS + ")");
        }
        if (!(exponent > 0) || exponent > 10) {
            throw usage("--zipf-exponent: " + exponent + " (expected: > 0 and <= 10)");
        }
        return new EventSpread(prefix, events, distribution, exponent, seed);
    }
}
