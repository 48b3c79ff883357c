package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.publish.PublishVia;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import io.rollcall.config.Setting;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.support.EventSpread;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FanOutScenarioIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private FanOutPlan plan(int clients, double rate, String secret) {
        return plan(EventSpread.single("it-event"), clients, rate, secret);
    }

    private FanOutPlan plan(EventSpread events, int clients, double rate, String secret) {
        URI ws = server.wsUri();
        return new FanOutPlan("broadcast", List.of(ws), Wire.PLAIN_PROTO, URI.create("http://127.0.0.1:" + ws.getPort()), secret, events, clients, 500,
                1000, Duration.ofSeconds(20), Duration.ofSeconds(10), rate, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 2, 10, 0, 2, Transport.select(Transport.Kind.AUTO), List.of(), null, 0, null, PublishVia.http());
    }

    private FanOutResult run(FanOutPlan plan) throws Exception {
        return new FanOutScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void deliversEveryUpdateToEveryClientInOrder() throws Exception {
        FanOutResult result = run(plan(40, 50, Tokens.SECRET));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.connect().ready()).isEqualTo(40);
        assertThat(result.publish().accepted()).isEqualTo(65);
        assertThat(result.deliveries().expected()).isEqualTo(40L * 65);
        assertThat(result.deliveries().received()).isEqualTo(40L * 65);
        // Only updates intended inside the 1 s window are in the latency summary.
        assertThat(result.latency().getTotalCount()).isEqualTo(40L * 50);
        assertThat(result.checks().lost() + result.checks().duplicates() + result.checks().outOfOrder()).isZero();
    }

    @Test
    void keepsClientsThroughTheServersPings() throws Exception {
        // A 200 ms heartbeat: clients that did not answer pings would be closed after 400 ms.
        server.stop();
        server.with(Setting.HEARTBEAT_INTERVAL, "200ms").start();
        FanOutPlan plan = plan(10, 20, Tokens.SECRET);
        FanOutResult result = run(new FanOutPlan(plan.scenario(), List.of(server.wsUri()), plan.wire(),
                URI.create("http://127.0.0.1:" + server.wsUri().getPort()), plan.secret(), plan.events(), plan.clients(), plan.connectRate(), plan.maxConnecting(), plan.connectTimeout(),
                plan.handshakeTimeout(), plan.rate(), Duration.ZERO, Duration.ofMillis(1500), plan.drainTimeout(), plan.publishers(),
                plan.guests(), 300, plan.threads(), plan.transport(), plan.localAddresses(), null, 0, null, plan.publishVia()));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.checks().disconnected()).isZero();
        // Each update carried a 300-character note: the frames the clients got are that much bigger.
        assertThat(result.deliveries().bytesReceived()).isGreaterThan(result.deliveries().received() * 300);
    }

    @Test
    void deliversEachRoomsUpdatesToItsOwnWatchersOnly() throws Exception {
        // 30 clients over 6 events by Zipf: crowded and empty rooms; 60 updates/s spread over the 6.
        EventSpread rooms = new EventSpread("it-room", 6, EventSpread.Distribution.ZIPF, 1.0, 7);
        FanOutResult result = run(plan(rooms, 30, 60, Tokens.SECRET));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.publish().accepted()).isEqualTo(78);
        // Publish i goes to event i mod 6: 13 updates per event, so each client gets 13 whichever room it is in.
        assertThat(result.deliveries().received()).isEqualTo(30L * 13);
        assertThat(result.timeline()).isNotEmpty();
    }

    @Test
    void writesTheJsonHgrmAndHtmlReports(@TempDir Path dir) throws Exception {
        FanOutResult result = run(plan(5, 20, Tokens.SECRET));
        FanOutReport.write(result, OutputOptions.reportDir(dir.resolve("report")));
        dir = dir.resolve("report");

        assertThat(dir.resolve("result.json")).content().contains("\"scenario\": \"broadcast\"", "\"passed\": true");
        assertThat(dir.resolve("latency.hgrm")).content().contains("Value     Percentile");
        assertThat(dir.resolve("connect.hgrm")).exists();
        assertThat(dir.resolve("report.html")).content().contains("<svg", "Latency by percentile", "Deliveries per second", "PASS");
    }

    @Test
    void failsWhenClientsCannotAuthenticate() throws Exception {
        FanOutResult result = run(plan(3, 10, "not-the-server-secret-but-32-bytes-long"));

        assertThat(result.passed()).isFalse();
        assertThat(result.connect().failed()).isEqualTo(3);
        assertThat(result.clientProblems().keySet()).anyMatch(problem -> problem.contains("closed by the server"));
    }
}
