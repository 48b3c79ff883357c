package io.rollcall.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls files (modification time and size) on its own thread, never an event loop, and runs a
 * callback when a group of files has changed and then stayed the same for one more poll, so a
 * certificate and its key written one after the other are picked up together. Thread-safe.
 */
public final class FileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollcall-file-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;

    public FileWatcher(Duration interval) {
        this.interval = interval;
    }

    /** Runs {@code onChange} (on the watcher thread) each time {@code files} change and settle. */
    public void watch(List<Path> files, Runnable onChange) {
        Group group = new Group(files, onChange);
        executor.scheduleWithFixedDelay(group::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class Group {
        private final List<Path> files;
        private final Runnable onChange;
        private List<String> applied;
        private List<String> seen;

        Group(List<Path> files, Runnable onChange) {
            this.files = List.copyOf(files);
            this.onChange = onChange;
            this.applied = stamps();
            this.seen = applied;
        }

        void poll() {
            try {
                List<String> now = stamps();
                if (now != null && !now.equals(applied) && now.equals(seen)) {
                    applied = now;
                    onChange.run();
                }
                seen = now;
            } catch (RuntimeException e) {
                log.warn("reloading {} failed", files, e);
            }
        }

        /** One stamp per file, or null while any is missing (e.g. mid-replacement). */
        private List<String> stamps() {
            List<String> stamps = new ArrayList<>();
            for (Path file : files) {
                try {
                    // FileTime's text keeps the file system's full (sub-millisecond) precision.
                    stamps.add(Files.getLastModifiedTime(file) + "/" + Files.size(file));
                } catch (IOException e) {
                    return null;
                }
            }
            return stamps;
        }
    }
}
