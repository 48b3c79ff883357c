package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.support.Transport;
import io.rollcall.config.Setting;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BroadcastScenarioIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private BroadcastPlan plan(int clients, double rate, String secret) {
        URI ws = server.wsUri();
        return new BroadcastPlan(ws, URI.create("http://127.0.0.1:" + ws.getPort()), secret, "it-event", clients, 500, 1000,
                Duration.ofSeconds(20), Duration.ofSeconds(10), rate, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 2, 10, 2, Transport.select(Transport.Kind.AUTO), List.of(), null, 0);
    }

    private BroadcastResult run(BroadcastPlan plan) throws Exception {
        return new BroadcastScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void deliversEveryUpdateToEveryClientInOrder() throws Exception {
        BroadcastResult result = run(plan(40, 50, Tokens.SECRET));

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
        BroadcastPlan plan = plan(10, 20, Tokens.SECRET);
        BroadcastResult result = run(new BroadcastPlan(plan.url(), URI.create("http://127.0.0.1:" + server.wsUri().getPort()),
                plan.secret(), plan.eventId(), plan.clients(), plan.connectRate(), plan.maxConnecting(), plan.connectTimeout(),
                plan.handshakeTimeout(), plan.rate(), Duration.ZERO, Duration.ofMillis(1500), plan.drainTimeout(), plan.publishers(),
                plan.guests(), plan.threads(), plan.transport(), plan.localAddresses(), null, 0));

        assertThat(result.failures()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.checks().disconnected()).isZero();
    }

    @Test
    void failsWhenClientsCannotAuthenticate() throws Exception {
        BroadcastResult result = run(plan(3, 10, "not-the-server-secret-but-32-bytes-long"));

        assertThat(result.passed()).isFalse();
        assertThat(result.connect().failed()).isEqualTo(3);
        assertThat(result.clientProblems().keySet()).anyMatch(problem -> problem.contains("closed by the server"));
    }
}
