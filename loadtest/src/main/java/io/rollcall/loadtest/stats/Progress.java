package io.rollcall.loadtest.stats;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints one progress line per second from its own daemon thread until closed. The line supplier
 * runs on that thread only, so it may keep state between calls. Thread-safe.
 */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });

    public Progress(PrintStream out, Supplier<String> line) {
        timer.scheduleAtFixedRate(() -> {
            try {
                out.println(line.get());
            } catch (RuntimeException e) {
                out.println("progress: " + e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
