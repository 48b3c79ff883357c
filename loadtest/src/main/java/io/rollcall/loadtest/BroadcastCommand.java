package io.rollcall.loadtest;

import io.rollcall.loadtest.support.EventSpread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest broadcast}: many subscribers of one event, updates published at a fixed rate. */
@Command(name = "broadcast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Opens N WebSocket clients, subscribes them all to one event, waits for every snapshot, then publishes "
                    + "updates (over HTTP, or into Redis with --publish-via redis) at a fixed rate for warmup + duration. "
                    + "Each update carries its intended send time; "
                    + "clients record delivery latency from it (coordinated-omission free) and check that seq grows by exactly one.",
            "Exit status: 0 passed, 1 a check failed (loss, duplicates, reordering, disconnects, publish errors, SLO), "
                    + "2 bad usage, 3 the run could not be carried out."})
final class BroadcastCommand extends FanOutCommand {
    @Option(names = "--event", defaultValue = "loadtest", paramLabel = "EVENT_ID",
            description = "Event id all clients watch (default: ${DEFAULT-VALUE})")
    String eventId;

    @Override
    String scenario() {
        return "broadcast";
    }

    @Override
    EventSpread events() {
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw usage("--event: " + eventId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        return EventSpread.single(eventId);
    }
}
