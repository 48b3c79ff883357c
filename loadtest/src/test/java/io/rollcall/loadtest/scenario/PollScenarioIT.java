package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PollScenarioIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private PollResult run(String secret) throws Exception {
        PollPlan plan = new PollPlan(URI.create("http://127.0.0.1:" + server.wsUri().getPort()), secret, "it-poll", 20, 200,
                Duration.ofMillis(200), 20, Duration.ofMillis(500), Duration.ofSeconds(2), 1, 10, 2, Transport.select(Transport.Kind.AUTO),
                0);
        return new PollScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void everyClientPollsTheSnapshotOnScheduleAndTheBytesAreCounted(@TempDir Path dir) throws Exception {
        PollResult result = run(Tokens.SECRET);
        PollReport.write(result, OutputOptions.reportDir(dir));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.connected()).isEqualTo(20);
        // 20 clients, 5 polls/s each, 2 s: about 200 polls (skipped ones aside on a busy machine).
        assertThat(result.polls() + result.skipped()).isBetween(150L, 230L);
        // Each answer is a snapshot of up to 10 guests with HTTP headers: well over 100 bytes.
        assertThat(result.bytes()).isGreaterThan(result.polls() * 100);
        assertThat(dir.resolve("result.json")).content().contains("\"scenario\": \"poll\"", "\"bytesPerClientSecond\"");
        assertThat(dir.resolve("report.html")).content().contains("Poll latency by percentile", "<svg");
    }

    @Test
    void failsWhenThePollsAreRefused() throws Exception {
        PollResult result = run("not-the-server-secret-but-32-bytes-long");

        assertThat(result.passed()).isFalse();
        assertThat(result.problems().keySet()).anyMatch(p -> p.startsWith("HTTP 401"));
    }
}
