package io.rollcall.loadtest.workers;

import io.rollcall.loadtest.scenario.ConnectionPlan;
import io.rollcall.loadtest.scenario.ConnectionResult;
import io.rollcall.loadtest.stats.ProcessMemory;
import io.rollcall.loadtest.stats.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A connection run ({@code connect-storm}, {@code idle}, {@code churn}) spread over worker
 * processes: starts them, starts them together, prints one merged progress line per second,
 * reads the server's RSS before and once every worker reported its connect phase done, and
 * merges their results. Runs on the calling thread
 * (plus one output reader per worker).
 */
public final class ConnectionWorkers {
    /** The line {@code ConnectionScenario} prints when its connect phase is over. */
    static final String CONNECTED_LINE = "connect: ";
    /** JVM start-up and option checks of a worker. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Beyond the plan's own bound: start-up, writing the result, exiting. */
    private static final Duration EXIT_SLACK = Duration.ofSeconds(60);

    private final ConnectionPlan plan;
    private final int workers;
    private final PrintStream out;

    /** {@code plan} is the whole run's: all clients, the total connect rate, every URL and source address. */
    public ConnectionWorkers(ConnectionPlan plan, int workers, PrintStream out) {
        if (workers < 2 || workers > plan.clients()) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: 2.." + plan.clients() + ", at most one per client)");
        }
        this.plan = plan;
        this.workers = workers;
        this.out = out;
    }

    /** Why this run cannot be spread as asked (ephemeral ports), or null. */
    public String problem() {
        return EphemeralPorts.shortage(plan.clients(), plan.urls().size(), plan.localAddresses().size());
    }

    public ConnectionResult run(WorkerCommand command) throws IOException, InterruptedException, WorkerFailure {
        Path dir = Files.createTempDirectory("loadtest-workers");
        try {
            return run(command, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private ConnectionResult run(WorkerCommand command, Path dir) throws IOException, InterruptedException, WorkerFailure {
        WorkerCommand.Shares shares = new WorkerCommand.Shares(plan.clients(), plan.connectRate(), plan.maxConnecting(), plan.urls(),
                plan.localAddresses());
        List<List<String>> commands = new ArrayList<>();
        List<Path> results = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Path result = dir.resolve("worker-" + i + ".properties");
            results.add(result);
            commands.add(command.forWorker(new WorkerShare(i, workers), shares, result));
        }
        out.printf(Locale.ROOT, "%s: %d clients over %d worker processes (client i in worker i mod %d)%n", plan.scenario(),
                plan.clients(), workers, workers);
        AtomicIntegerArray connected = new AtomicIntegerArray(workers);
        AtomicLong rssConnected = new AtomicLong(-1);
        AtomicInteger connectedWorkers = new AtomicInteger();
        ConnectionProgress merged = new ConnectionProgress(workers, plan.serverPid(), plan.lifetime() != null);
        try (WorkerLauncher launcher = new WorkerLauncher(commands, dir, out, (worker, line) -> {
            if (line.startsWith(CONNECTED_LINE) && connected.getAndSet(worker, 1) == 0
                    && connectedWorkers.incrementAndGet() == workers) {
                rssConnected.set(ProcessMemory.rssBytes(plan.serverPid()));
            }
            return merged.offer(worker, line);
        })) {
            launcher.awaitReady(READY_TIMEOUT);
            // Read before go: the workers' JVMs run, but none has connected yet.
            long rssBefore = ProcessMemory.rssBytes(plan.serverPid());
            merged.watch(launcher.pids());
            Instant start = Instant.now();
            launcher.go();
            try (Progress progress = new Progress(out, merged::line)) {
                launcher.awaitAll(plan.bound().plus(EXIT_SLACK));
            }
            List<ConnectionParts.Part> parts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                if (!Files.exists(results.get(i))) {
                    throw new WorkerFailure(3, "worker " + i + " exited without writing its result");
                }
                parts.add(ConnectionParts.decode(WorkerResult.read(results.get(i)), plan));
            }
            return ConnectionMerger.merge(plan, start, parts, new ConnectionMerger.ServerRss(rssBefore, rssConnected.get()));
        }
    }
}
