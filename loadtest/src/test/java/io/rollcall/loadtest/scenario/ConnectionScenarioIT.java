package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConnectionScenarioIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private ConnectionPlan plan(String scenario, int clients, double rate, Duration hold, Duration lifetime, String secret) {
        // The test runs in the server's JVM: its RSS is ours, which is what a --server-pid run reads.
        return new ConnectionPlan(scenario, List.of(server.wsUri()), Wire.PLAIN_PROTO, secret, "it-conn", clients, rate, 100, Duration.ofSeconds(20),
                Duration.ofSeconds(10), hold, lifetime, 2, Transport.select(Transport.Kind.AUTO), List.of(), ProcessHandle.current().pid());
    }

    private ConnectionResult run(ConnectionPlan plan) throws Exception {
        return new ConnectionScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void connectStormReportsRateAndLatencyOfEveryClient(@TempDir Path dir) throws Exception {
        ConnectionResult result = run(plan("connect-storm", 60, 1000, Duration.ZERO, null, Tokens.SECRET));
        ConnectionReport.write(result, OutputOptions.reportDir(dir));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.ready()).isEqualTo(60);
        assertThat(result.connectTimes().getTotalCount()).isEqualTo(60);
        assertThat(result.connectionsPerSecond()).isPositive();
        // Opened at 1,000/s, the middle of the storm lasts tens of milliseconds: long enough to time.
        assertThat(result.steadyConnectionsPerSecond()).isPositive();
        assertThat(dir.resolve("result.json")).content().contains("\"scenario\": \"connect-storm\"", "\"connectionsPerSecond\"",
                "\"steadyConnectionsPerSecond\"");
        assertThat(dir.resolve("latency.hgrm")).content().contains("Percentile");
        assertThat(dir.resolve("report.html")).content().contains("Connect latency by percentile", "<svg", "RESULT: PASS");
    }

    @Test
    void warmUpStormsRunBeforeTheMeasuredOneAndAreReportedApart(@TempDir Path dir) throws Exception {
        ConnectionPlan base = plan("connect-storm", 50, 1000, Duration.ZERO, null, Tokens.SECRET);
        ConnectionPlan plan = new ConnectionPlan(base.scenario(), base.urls(), base.wire(), base.secret(), base.eventId(), base.clients(),
                base.connectRate(), base.maxConnecting(), base.connectTimeout(), base.handshakeTimeout(), base.hold(), base.lifetime(),
                base.threads(), base.transport(), base.localAddresses(), base.serverPid(), 2, 30);

        ConnectionResult result = run(plan);
        ConnectionReport.write(result, OutputOptions.reportDir(dir));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.warmups()).hasSize(2).allSatisfy(storm -> {
            assertThat(storm.clients()).isEqualTo(30);
            assertThat(storm.ready()).isEqualTo(30);
            assertThat(storm.connectionsPerSecond()).isPositive();
        });
        // Only the measured storm counts in the result; the warm-up clients were closed before it.
        assertThat(result.ready()).isEqualTo(50);
        assertThat(result.connectTimes().getTotalCount()).isEqualTo(50);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("warm-up storm 1 of 2: 30 of 30 clients ready",
                "warm-up storm 2 of 2: 30 of 30 clients ready");
        assertThat(dir.resolve("result.json")).content().contains("\"warmupStorms\": 2", "\"warmups\": [");
    }

    @Test
    void idleHoldsEveryConnectionAndReadsTheServersMemory() throws Exception {
        ConnectionResult result = run(plan("idle", 40, 500, Duration.ofMillis(1500), null, Tokens.SECRET));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.ready()).isEqualTo(40);
        assertThat(result.disconnected()).isZero();
        assertThat(result.rssBefore()).isPositive();
        assertThat(result.rssConnected()).isPositive();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("server rss");
    }

    @Test
    void churnLetsEveryClientComeAndGo() throws Exception {
        ConnectionResult result = run(plan("churn", 50, 100, Duration.ZERO, Duration.ofMillis(200), Tokens.SECRET));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.ready()).isEqualTo(50);
        assertThat(result.ended()).isEqualTo(50);
    }

    @Test
    void failsWhenClientsAreRefused() throws Exception {
        ConnectionResult result = run(plan("connect-storm", 5, 100, Duration.ZERO, null, "not-the-server-secret-but-32-bytes-long"));

        assertThat(result.passed()).isFalse();
        assertThat(result.failed()).isEqualTo(5);
        assertThat(result.failures()).anyMatch(f -> f.contains("did not connect"));
    }
}
