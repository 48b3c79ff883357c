package io.rollcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Draining a node through the admin endpoint: readiness, go_away batches, accept stop, 1001 closes, stop. */
class DrainIT {
    private static final String PROTO = "rollcall.v1.proto";
    private static final int SESSIONS = 40;
    private static final int SPREAD_MS = 2000;

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.DRAIN_LB_DELAY, "500ms").with(Setting.DRAIN_SPREAD, SPREAD_MS + "ms")
            .with(Setting.DRAIN_TIMEOUT, "20s");

    private final List<WsTestClient> clients = new ArrayList<>();
    private final ExecutorService readers = Executors.newFixedThreadPool(SESSIONS);

    @AfterEach
    void closeClients() {
        clients.forEach(WsTestClient::close);
        readers.shutdownNow();
    }

    private record Told(GoAway goAway, long atNanos) {}

    private HttpResponse<String> postDrain() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.adminUri("/admin/drain"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_drain_tells_every_session_in_batches_over_the_window_then_closes_them_and_stops() throws Exception {
        for (int i = 0; i < SESSIONS; i++) {
            WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO);
            clients.add(client);
            client.authenticate(Tokens.watch("host", "*"));
            client.subscribe("gala", "", 0);
            assertThat(client.next().hasSubscribed()).isTrue();
            client.next(); // snapshot
        }
        List<CompletableFuture<Told>> told = new ArrayList<>();
        for (WsTestClient client : clients) {
            told.add(CompletableFuture.supplyAsync(() -> {
                try {
                    ServerFrame frame = client.frames.poll(30, TimeUnit.SECONDS);
                    return new Told(frame == null ? null : frame.getGoAway(), System.nanoTime());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, readers));
        }
        long drainStart = System.nanoTime();
        HttpResponse<String> accepted = postDrain();
        assertThat(accepted.statusCode()).isEqualTo(202);
        HttpResponse<String> ready = server.get(server.adminUri("/readyz"), null);
        assertThat(ready.statusCode()).as("readiness goes false at once").isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"ready\":false,\"reason\":\"draining\"}");
        assertThat(server.get(server.adminUri("/metrics"), null).body()).contains("rollcall_draining 1.0");
        assertThat(postDrain().statusCode()).as("a second drain request is harmless").isEqualTo(202);

        List<Told> all = new ArrayList<>();
        for (CompletableFuture<Told> future : told) {
            all.add(future.get(30, TimeUnit.SECONDS));
        }
        assertThat(all).as("every session got a go_away").allSatisfy(t -> assertThat(t.goAway()).isNotNull());
        List<Integer> delays = all.stream().map(t -> t.goAway().getReconnectAfterMs()).toList();
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, SPREAD_MS - 1));
        for (int quarter = 0; quarter < 4; quarter++) {
            int from = quarter * SPREAD_MS / 4;
            int to = from + SPREAD_MS / 4;
            assertThat(delays).as("reconnect delays spread over the window (quarter %d)", quarter).anyMatch(d -> d >= from && d < to);
        }
        long first = all.stream().mapToLong(Told::atNanos).min().orElseThrow();
        long last = all.stream().mapToLong(Told::atNanos).max().orElseThrow();
        assertThat(Duration.ofNanos(first - drainStart)).as("nobody is told before the load-balancer delay").isGreaterThanOrEqualTo(
                Duration.ofMillis(500));
        // 40 sessions over 20 ticks of 100 ms: batches of 2, the last one 1.9 s after the first.
        assertThat(Duration.ofNanos(last - first)).as("go_aways are sent in batches across the window").isGreaterThanOrEqualTo(
                Duration.ofMillis(1500));

        assertThatThrownBy(() -> WsTestClient.connect(server.wsUri(), PROTO)).as("the node no longer accepts").isNotNull();
        for (WsTestClient client : clients) {
            assertThat(client.awaitClose()).as("closed with going away after its reconnect delay").isEqualTo(1001);
        }
        server.server().drained().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> server.get(server.adminUri("/healthz"), null))
                .as("the stopped node's admin port is closed").isNotNull());
    }

    @Test
    void the_drain_endpoint_takes_only_post() throws Exception {
        HttpResponse<String> get = server.get(server.adminUri("/admin/drain"), null);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(server.get(server.adminUri("/readyz"), null).statusCode()).isEqualTo(200);
        assertThat(server.get(server.adminUri("/healthz"), null).body()).isEqualTo("{\"alive\":true}");
    }
}
