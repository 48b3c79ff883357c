package io.rollcall.loadtest.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --workers K} and the hidden options a parent gives its worker processes; a picocli mixin
 * of the client scenarios. A worker announces itself on stdout, waits for the parent's go on stdin
 * (so all workers start together) and exits when stdin closes (the parent is gone).
 */
public final class WorkerOptions {
    /** More processes than one machine can use; bounds a typo. */
    public static final int MAX_WORKERS = 64;
    /** Printed by a worker once its options are checked and it is ready to start. */
    static final String READY = "@worker ready";
    /** Sent by the parent on every worker's stdin to start them together. */
    static final String GO = "go";
    /** Exit status of a worker whose parent went away. */
    private static final int ORPHANED = 3;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "K",
            description = "Generator processes to spread the clients over (client i goes to worker i mod K; each at most "
                    + "18,000 sockets); their histograms and counts are merged into one report (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--worker-index", hidden = true, defaultValue = "0")
    int index;

    @Option(names = "--worker-count", hidden = true, defaultValue = "1")
    int count;

    @Option(names = "--worker-result", hidden = true)
    Path result;

    /** Checks the values; returns how many processes share the clients (1 in a worker or a one-process run). */
    public int validate(CommandSpec spec) {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new ParameterException(spec.commandLine(), "--workers: " + workers + " (expected: 1.." + MAX_WORKERS + ")");
        }
        if (result != null && workers > 1) {
            throw new ParameterException(spec.commandLine(), "--workers: " + workers + " (expected: 1 in a worker process)");
        }
        return workers;
    }

    /** True in the process that starts the workers and merges their results. */
    public boolean launching() {
        return workers > 1;
    }

    /** True in a worker process started by a parent. */
    public boolean isWorker() {
        return result != null;
    }

    public int workers() {
        return workers;
    }

    /** In a worker: announces readiness and blocks until the parent says go; otherwise returns at once. Returns the start time. */
    public Instant awaitGo(PrintStream out) throws IOException {
        if (!isWorker()) {
            return Instant.now();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        out.println(READY);
        out.flush();
        String line = in.readLine();
        if (!GO.equals(line)) {
            throw new IOException("worker " + index + ": expected '" + GO + "' from the parent, got " + line);
        }
        Instant began = Instant.now();
        Thread watch = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // The parent sends nothing after go; only the end of the stream matters.
                }
            } catch (IOException e) {
                // Same as end of stream: the parent is gone.
            }
            System.err.println("worker " + index + ": parent went away; exiting");
            System.exit(ORPHANED);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        return began;
    }

    /** In a worker: writes its result for the parent. */
    public void write(WorkerResult workerResult) throws IOException {
        workerResult.put("worker", index).put("workers", count).write(result);
    }
}
