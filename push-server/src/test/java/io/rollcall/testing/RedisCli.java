package io.rollcall.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Locates the Debian Redis binaries and runs {@code redis-cli} as a child process with a deadline.
 * Thread-safe.
 */
final class RedisCli {
    static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "redis-cli-reader");
        thread.setDaemon(true);
        return thread;
    });

    private RedisCli() {}

    /** Fails with an installation hint unless {@code binary} exists and is executable. */
    static Path require(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " not found: these tests run a real Redis 7 "
                    + "(no Docker here); install it with: apt-get install -y redis-server");
        }
        return binary;
    }

    /**
     * Runs {@code redis-cli} with {@code args} (no shell: each element is one argv entry) and returns
     * its stdout without the trailing newline. Redis error replies are part of stdout (the exit
     * status is 0 for them); a failed connection or a non-zero exit status throws.
     */
    static String run(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(require(REDIS_CLI).toString());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + command);
            }
            String out = stdout.get(5, TimeUnit.SECONDS);
            String err = stderr.get(5, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit status " + process.exitValue() + " of " + command
                        + "\nstdout: " + out + "\nstderr: " + err);
            }
            return stripFinalNewline(out);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command, e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripFinalNewline(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
