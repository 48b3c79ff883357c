package io.rollcall.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool to completion, with a deadline, and returns its exit code and output. */
record Tool(int exitCode, String output) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this process's environment.
     * Fails with an install hint when the tool is missing (test.sh installs every one).
     */
    static Tool run(Path dir, Map<String, String> env, List<String> command, String installHint) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is not installed: " + installHint, e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + TIMEOUT);
        }
        return new Tool(process.exitValue(), output.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
}
