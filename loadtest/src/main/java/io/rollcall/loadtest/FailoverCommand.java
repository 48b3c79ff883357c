package io.rollcall.loadtest;

import io.rollcall.loadtest.cli.DurationConverter;
import io.rollcall.loadtest.scenario.Failover;
import io.rollcall.loadtest.support.EventSpread;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest failover}: a broadcast across several nodes during which one node is killed or drained. */
@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Like broadcast, against several nodes (--url a,b,…; clients spread round-robin) or a load balancer, but "
                    + "--fail-at after publishing starts one node is killed (--kill-pid, signal --kill-signal) or drained "
                    + "(--drain-url, POSTed). Clients that lose their connection or get go_away reconnect to the next URL "
                    + "and resubscribe from their position (epoch, last seq). Reports reconnect times and any loss: a "
                    + "gap, a duplicate, or a resume answered with a snapshot (continuity lost) fails the run. Nodes must "
                    + "share a Redis for resume to work across them.",
            "Exit status: 0 passed, 1 a check failed, 2 bad usage, 3 the run could not be carried out."})
final class FailoverCommand extends FanOutCommand {
    /** Which signal kills the node. */
    enum Signal { TERM, KILL }

    @Option(names = "--event", defaultValue = "loadtest-failover", paramLabel = "EVENT_ID",
            description = "Event id all clients watch (default: ${DEFAULT-VALUE})")
    String eventId;

    @Option(names = "--kill-pid", defaultValue = "0", paramLabel = "PID", description = "Process id of the node to kill mid-run")
    long killPid;

    @Option(names = "--kill-signal", defaultValue = "term", paramLabel = "SIGNAL",
            description = "term (graceful drain: go_away, then close) | kill (crash) (default: ${DEFAULT-VALUE})")
    Signal killSignal;

    @Option(names = "--drain-url", paramLabel = "URL", description = "Instead of killing: an HTTP URL to POST to make a node drain")
    URI drainUrl;

    @Option(names = "--fail-at", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "When to fail the node, counted from the first publish (default: ${DEFAULT-VALUE})")
    Duration failAt;

    @Override
    String scenario() {
        return "failover";
    }

    @Override
    EventSpread events() {
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw usage("--event: " + eventId + " (expected: [A-Za-z0-9_-]{1,64})");
        }
        return EventSpread.single(eventId);
    }

    @Override
    Failover failover() {
        if ((killPid > 0) == (drainUrl != null)) {
            throw usage("--kill-pid / --drain-url: " + (killPid > 0 ? "both given" : "neither given") + " (expected: exactly one)");
        }
        if (failAt.isNegative() || failAt.compareTo(warmup.plus(duration)) >= 0) {
            throw usage("--fail-at: " + failAt + " (expected: 0 up to --warmup + --duration)");
        }
        if (drainUrl != null) {
            if (!"http".equals(drainUrl.getScheme()) && !"https".equals(drainUrl.getScheme())) {
                throw usage("--drain-url: " + drainUrl + " (expected: http(s)://…)");
            }
            return new Failover(failAt, "POST " + drainUrl, () -> post(drainUrl, System.out));
        }
        if (ProcessHandle.of(killPid).isEmpty()) {
            throw usage("--kill-pid: " + killPid + " (expected: a running process)");
        }
        CompletableFuture<Duration> gone = new CompletableFuture<>();
        return new Failover(failAt, "SIG" + killSignal + " to process " + killPid, () -> signal(gone), gone);
    }

    /** Signals the node and completes {@code gone} when its process has exited (a drain can take many seconds). */
    private void signal(CompletableFuture<Duration> gone) {
        long signalled = System.nanoTime();
        ProcessHandle.of(killPid).ifPresentOrElse(process -> {
            boolean sent = killSignal == Signal.KILL ? process.destroyForcibly() : process.destroy();
            if (!sent) {
                System.out.println("failover: could not signal process " + killPid);
            }
            process.onExit().thenRun(() -> gone.complete(Duration.ofNanos(System.nanoTime() - signalled)));
        }, () -> gone.complete(Duration.ZERO));
    }

    private static void post(URI url, PrintStream out) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            out.printf(Locale.ROOT, "failover: POST %s -> HTTP %d%n", url, response.statusCode());
        } catch (java.io.IOException e) {
            out.println("failover: POST " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
