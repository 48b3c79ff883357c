package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.LoadTest;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs scenarios with {@code --workers 2}: two worker JVMs against one real server, results merged. */
class WorkersIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new LoadTest()).setCaseInsensitiveEnumValuesAllowed(true).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void idleOverTwoWorkersCountsEveryClientAndTheServersMemoryPerConnection(@TempDir Path dir) {
        // The test JVM is the server's: its RSS is what --server-pid reads.
        int status = run("idle", "--url", server.wsUri().toString(), "--secret", Tokens.SECRET, "--clients", "61", "--workers", "2",
                "--connect-rate", "400", "--hold", "1s", "--threads", "1", "--server-pid", Long.toString(ProcessHandle.current().pid()),
                "--report-dir", dir.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(dir.resolve("result.json")).content().contains("\"scenario\": \"idle\"", "\"passed\": true", "\"clients\": 61",
                "\"attempted\": 61", "\"ready\": 61", "\"failed\": 0", "\"disconnected\": 0", "\"count\": 61", "\"perConnection\"");
        assertThat(dir.resolve("latency.hgrm")).content().containsPattern("Total count\\s+=\\s+61]");
        assertThat(dir.resolve("report.html")).content().contains("RESULT: PASS", "<svg");
    }

    @Test
    void aFailingWorkerFailsTheMergedRunWithItsReason(@TempDir Path dir) {
        int status = run("connect-storm", "--url", server.wsUri().toString(), "--secret", "not-the-server-secret-but-32-bytes-long",
                "--clients", "6", "--workers", "2", "--threads", "1", "--report-dir", dir.toString());

        assertThat(status).isEqualTo(1);
        assertThat(dir.resolve("result.json")).content().contains("\"passed\": false", "\"failed\": 6",
                "worker 0: 3 of 3 clients did not connect", "worker 1: 3 of 3 clients did not connect");
    }
}
