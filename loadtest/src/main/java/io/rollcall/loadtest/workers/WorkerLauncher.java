package io.rollcall.loadtest.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Starts worker processes and supervises them: forwards each one's output lines prefixed with its
 * index, starts them together once all are ready, waits for them with a deadline, and stops every
 * one still running when closed, when one fails or when this JVM is shut down (Ctrl-C). Each
 * worker's stderr goes to a file that is shown when it fails. Thread-safe.
 */
final class WorkerLauncher implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int ABORTED = 3;
    private static final int STDERR_SHOWN = 4000;

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> stderrFiles = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final CountDownLatch ready;
    private final Thread shutdownHook = new Thread(this::stopAll, "stop-workers");

    /**
     * Starts one process per command. Each output line goes to {@code onLine(worker, line)} on the
     * worker's reader thread, then, when that returns true, to {@code out} prefixed with the worker.
     */
    WorkerLauncher(List<List<String>> commands, Path dir, PrintStream out, BiPredicate<Integer, String> onLine) throws IOException {
        this.ready = new CountDownLatch(commands.size());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            for (int i = 0; i < commands.size(); i++) {
                Path stderr = dir.resolve("worker-" + i + ".stderr");
                stderrFiles.add(stderr);
                Process process = new ProcessBuilder(commands.get(i)).redirectError(stderr.toFile()).start();
                processes.add(process);
                int worker = i;
                Thread reader = new Thread(() -> forward(worker, process, out, onLine), "worker-" + i + "-out");
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void forward(int worker, Process process, PrintStream out, BiPredicate<Integer, String> onLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(WorkerOptions.READY)) {
                    ready.countDown();
                    continue;
                }
                if (onLine.test(worker, line)) {
                    out.println("[w" + worker + "] " + line);
                }
            }
        } catch (IOException e) {
            // The worker's stdout closed; its exit status says how it ended.
        }
    }

    /** Process ids of the workers, in worker order. */
    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Waits until every worker is ready; fails when one exits first or time runs out. */
    void awaitReady(Duration timeout) throws WorkerFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            failIfAnyExited("before it was ready");
            if (System.nanoTime() - deadline >= 0) {
                throw new WorkerFailure(ABORTED, ready.getCount() + " worker(s) not ready within " + timeout);
            }
        }
    }

    /** Starts every (ready) worker at once. */
    void go() throws IOException {
        for (Process process : processes) {
            OutputStream in = process.getOutputStream();
            in.write((WorkerOptions.GO + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
    }

    /**
     * Waits for every worker to exit within {@code timeout}; a worker exiting with a status other
     * than 0 (passed) or 1 (a check failed, a result was written) fails the run.
     */
    void awaitAll(Duration timeout) throws WorkerFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                failIfAnyExited("while the others ran");
                if (System.nanoTime() - deadline >= 0) {
                    throw new WorkerFailure(ABORTED, "worker " + i + " still running after " + timeout + "; stopped" + stderrOf(i));
                }
            }
        }
        failIfAnyExited("");
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void failIfAnyExited(String when) throws WorkerFailure {
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            if (!process.isAlive() && process.exitValue() > 1) {
                throw new WorkerFailure(process.exitValue(), "worker " + i + " exited with status " + process.exitValue()
                        + (when.isEmpty() ? "" : " " + when) + stderrOf(i));
            }
        }
    }

    private String stderrOf(int worker) {
        try {
            String text = Files.readString(stderrFiles.get(worker), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "";
            }
            return "; its stderr:\n" + (text.length() > STDERR_SHOWN ? "…" + text.substring(text.length() - STDERR_SHOWN) : text);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the workers still running: SIGTERM, then SIGKILL after a grace period. */
    private void stopAll() {
        for (Process process : processes) {
            process.destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process process : processes) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }
}
