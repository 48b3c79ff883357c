package io.rollcall.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Prometheus text an SRE scrapes from the admin port after a realistic session scenario. */
class MetricsIT {
    private static final String PROTO = "rollcall.v1.proto";
    /** An event id no label may carry. */
    private static final String EVENT = "gala-0x7f3a";

    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.HISTORY_SIZE, "5");

    private String scrape() throws Exception {
        return server.get(server.adminUri("/metrics"), null).body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void every_rollcall_series_the_grafana_dashboard_queries_is_exported() throws Exception {
        String dashboard = Files.readString(Path.of("..", "docker", "grafana", "dashboards", "rollcall.json"));
        String text = scrape();
        Matcher series = Pattern.compile("rollcall_[a-z_]+").matcher(dashboard);
        int found = 0;
        while (series.find()) {
            assertThat(text).as("queried by docker/grafana/dashboards/rollcall.json").contains(series.group());
            found++;
        }
        assertThat(found).isPositive();
    }

    /** The node processes a client's close asynchronously; waits until no local subscriber is left. */
    private void awaitNobodyWatches() {
        await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(), "rollcall_topics_local") == 0);
    }

    private WsTestClient watcher() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri(), PROTO);
        client.authenticate(Tokens.watch("host", EVENT));
        return client;
    }

    @Test
    void a_session_scenario_shows_up_in_the_scraped_series_without_event_ids() throws Exception {
        String epoch;
        try (WsTestClient first = watcher()) {
            first.subscribe(EVENT, "", 0);
            assertThat(first.next().hasSubscribed()).isTrue();
            first.next(); // empty snapshot
            for (int i = 1; i <= 3; i++) {
                server.checkIn(EVENT, "g" + i);
            }
            ServerFrame update = null;
            for (int i = 1; i <= 3; i++) {
                update = first.next();
            }
            epoch = update.getUpdate().getEpoch();
        }
        awaitNobodyWatches();
        server.checkIn(EVENT, "g4");
        try (WsTestClient resumed = watcher()) {
            resumed.subscribe(EVENT, epoch, 3);
            assertThat(resumed.next().getSubscribed().getRecovered()).isTrue();
            assertThat(resumed.next().getUpdate().getSeq()).isEqualTo(4);
        }
        awaitNobodyWatches();
        for (int i = 5; i <= 12; i++) {
            server.checkIn(EVENT, "g" + i);
        }
        try (WsTestClient tooOld = watcher()) {
            tooOld.subscribe(EVENT, epoch, 3);
            assertThat(tooOld.next().getSubscribed().getRecovered()).as("history keeps 5, the client is 9 behind").isFalse();
        }
        WsTestClient garbage = WsTestClient.connect(server.wsUri(), PROTO);
        garbage.sendBinary(new byte[] {(byte) 0xff, 0x01, 0x02});
        assertThat(garbage.awaitClose()).isEqualTo(4400);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String text = scrape();
            assertThat(value(text, "rollcall_connections_active")).isEqualTo(0);
            assertThat(value(text, "rollcall_connections_opened_total")).isEqualTo(4);
            assertThat(value(text, "rollcall_connections_closed_total{reason=\"client\"}")).isEqualTo(3);
            assertThat(value(text, "rollcall_connections_closed_total{reason=\"malformed_frame\"}")).isEqualTo(1);
            assertThat(value(text, "rollcall_session_duration_seconds_count")).isEqualTo(4);
            assertThat(value(text, "rollcall_errors_total{code=\"malformed_frame\",kind=\"protocol\"}")).isEqualTo(1);
            assertThat(value(text, "rollcall_catchups_total{outcome=\"snapshot\",trigger=\"subscribe\"}")).isEqualTo(1);
            assertThat(value(text, "rollcall_catchups_total{outcome=\"recovered\",trigger=\"resume\"}")).isEqualTo(1);
            assertThat(value(text, "rollcall_catchups_total{outcome=\"snapshot\",trigger=\"resume\"}")).isEqualTo(1);
            assertThat(value(text, "rollcall_updates_received_total")).as("only updates 1-3 had a local subscriber").isEqualTo(3);
            assertThat(value(text, "rollcall_deliveries_total")).as("3 live + 1 replayed").isEqualTo(4);
            assertThat(value(text, "rollcall_delivered_bytes_total")).isGreaterThan(4 * 20);
            assertThat(value(text, "rollcall_delivery_latency_seconds_count")).as("once per live update and loop").isEqualTo(3);
            assertThat(value(text, "rollcall_delivery_latency_seconds_bucket{le=\"10.0\"}")).isEqualTo(3);
            assertThat(value(text, "rollcall_frames_received_total")).as("3 connects, 3 subscribes, 1 garbage").isEqualTo(7);
            assertThat(value(text, "rollcall_publishes_total")).isEqualTo(12);
            assertThat(value(text, "rollcall_ready")).isEqualTo(1);
            assertThat(value(text, "rollcall_draining")).isEqualTo(0);
            assertThat(value(text, "rollcall_broker_connected")).isEqualTo(1);
        });
        String text = scrape();
        assertThat(text).contains("netty_allocator_memory_used", "netty_eventexecutor_tasks_pending", "jvm_memory_used_bytes",
                "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "process_uptime_seconds");
        assertThat(text).as("no event id in any label").doesNotContain(EVENT);
    }
}
