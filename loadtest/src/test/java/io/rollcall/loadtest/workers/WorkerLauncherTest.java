package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sh) standing in for workers. */
class WorkerLauncherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    @Test
    void startsWorkersTogetherAndForwardsTheirLinesNamed(@TempDir Path dir) throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        String worker = "echo '" + WorkerOptions.READY + "'; read word; echo \"got $word\"; echo 'merged elsewhere'";
        try (WorkerLauncher launcher = new WorkerLauncher(List.of(sh(worker), sh(worker)), dir, out, (w, line) -> {
            seen.add(w + ":" + line);
            return !line.startsWith("merged");
        })) {
            launcher.awaitReady(TIMEOUT);
            launcher.go();
            launcher.awaitAll(TIMEOUT);
        }

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[w0] got go", "[w1] got go")
                .doesNotContain(WorkerOptions.READY, "merged elsewhere");
        assertThat(seen).containsExactlyInAnyOrder("0:got go", "1:got go", "0:merged elsewhere", "1:merged elsewhere");
    }

    @Test
    void aWorkerThatExitsBeforeItIsReadyFailsTheRunWithItsStderr(@TempDir Path dir) throws Exception {
        try (WorkerLauncher launcher = new WorkerLauncher(List.of(sh("echo '" + WorkerOptions.READY + "'; sleep 30"),
                sh("echo 'bad option --x' >&2; exit 2")), dir, out, (w, line) -> true)) {
            assertThatThrownBy(() -> launcher.awaitReady(TIMEOUT)).isInstanceOfSatisfying(WorkerFailure.class, e -> {
                assertThat(e.exitCode()).isEqualTo(2);
                assertThat(e.getMessage()).contains("worker 1 exited with status 2", "bad option --x");
            });
        }
    }

    @Test
    void closingStopsWorkersStillRunning(@TempDir Path dir) throws Exception {
        ConcurrentLinkedQueue<Long> pids = new ConcurrentLinkedQueue<>();
        try (WorkerLauncher launcher = new WorkerLauncher(List.of(sh("echo $$; echo '" + WorkerOptions.READY + "'; exec sleep 60")), dir,
                out, (w, line) -> pids.add(Long.parseLong(line)))) {
            launcher.awaitReady(TIMEOUT);
        }

        assertThat(pids).hasSize(1);
        assertThat(ProcessHandle.of(pids.peek()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
