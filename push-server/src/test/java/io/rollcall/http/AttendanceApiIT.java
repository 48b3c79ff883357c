package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AttendanceApiIT {
    private static final String ANN = "{\"guestId\":\"ann\",\"guestName\":\"Ann Lee\",\"status\":\"ATTENDING\",\"pax\":3,"
            + "\"source\":\"rsvp-site\",\"occurredAt\":\"2026-11-22T10:00:00Z\"}";

    @RegisterExtension
    final TestServer server = new TestServer();

    @Test
    void a_publish_returns_the_assigned_seq_epoch_and_message_id() throws Exception {
        HttpResponse<String> first = server.publish(Tokens.publish("usher", "seminar"), "seminar", ANN);
        HttpResponse<String> second = server.publish(Tokens.publish("usher", "seminar"), "seminar", ANN);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(first.body()).matches("\\{\"eventId\":\"seminar\",\"seq\":1,\"epoch\":\"[0-9A-Z]{12}\",\"messageId\":\"[0-9A-Z]{26}\"}");
        assertThat(second.body()).contains("\"seq\":2");
    }

    @Test
    void the_snapshot_endpoint_returns_counts_and_guests() throws Exception {
        server.publish(Tokens.publish("usher", "seminar"), "seminar", ANN);
        server.publish(Tokens.publish("usher", "seminar"), "seminar",
                "{\"guestId\":\"bob\",\"status\":\"DECLINED\"}");
        HttpResponse<String> response = server.get(server.httpUri("/api/v1/events/seminar/snapshot"), Tokens.watch("host", "seminar"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"eventId\":\"seminar\"", "\"seq\":\"2\"", "\"guestId\":\"ann\"", "\"guestId\":\"bob\"", "\"totalGuests\":2",
                        "\"totalPax\":4", "{\"status\":\"ATTENDING\",\"guests\":1,\"pax\":3}", "{\"status\":\"DECLINED\",\"guests\":1,\"pax\":1}");
    }

    @Test
    void bad_bodies_get_400_naming_the_problem_and_nothing_is_published() throws Exception {
        String token = Tokens.publish("usher", "seminar");
        record Case(String body, String mentions) {}
        for (Case c : List.of(
                new Case("{\"guestId\":", "invalid"),
                new Case("not json", "invalid"),
                new Case("{\"guestId\":\"a\",\"status\":\"ATTENDING\",\"shoeSize\":44}", "\"field\":\"shoeSize\""),
                new Case("{\"guestId\":\"a\",\"status\":\"PARTYING\"}", "\"field\":\"status\""),
                new Case("{\"guestId\":\"a\",\"status\":\"ATTENDING\",\"pax\":-1}", "\"field\":\"pax\""),
                new Case("{\"guestId\":\"a\",\"status\":\"ATTENDING\",\"pax\":101}", "\"field\":\"pax\""),
                new Case("{\"status\":\"ATTENDING\"}", "\"field\":\"guestId\""),
                new Case("{\"guestId\":\"a\"}", "\"field\":\"status\""),
                new Case("{\"guestId\":\"" + "x".repeat(65) + "\",\"status\":\"ATTENDING\"}", "\"field\":\"guestId\""),
                new Case("{\"guestId\":\"a\",\"status\":\"ATTENDING\",\"note\":\"" + "n".repeat(501) + "\"}", "\"field\":\"note\""))) {
            HttpResponse<String> response = server.publish(token, "seminar", c.body());
            assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(response.body()).as(c.body()).contains("\"error\":\"invalid_argument\"", c.mentions());
        }
        assertThat(server.broker().snapshot("seminar").join().seq()).isZero();
    }

    @Test
    void a_body_over_the_limit_is_refused() throws Exception {
        HttpResponse<String> response = server.publish(Tokens.publish("usher", "seminar"), "seminar",
                "{\"guestId\":\"a\",\"status\":\"ATTENDING\",\"note\":\"" + "n".repeat(70_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(server.get(server.adminUri("/metrics"), null).body()).contains("rollcall_http_rejected_total 1.0");
    }

    @Test
    void missing_forged_and_expired_tokens_get_401() throws Exception {
        for (String token : new String[] {null, "garbage", Tokens.sign("a-different-secret-of-at-least-32-bytes!!", "x", "*",
                "publish", Instant.now().plusSeconds(60)), Tokens.sign(Tokens.SECRET, "x", "*", "publish", Instant.now().minusSeconds(600))}) {
            HttpResponse<String> response = server.publish(token, "seminar", ANN);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).containsAnyOf("unauthorized", "token_expired");
        }
    }

    @Test
    void a_token_for_another_event_or_without_publish_scope_gets_403() throws Exception {
        assertThat(server.publish(Tokens.publish("usher", "other-event"), "seminar", ANN).statusCode()).isEqualTo(403);
        assertThat(server.publish(Tokens.watch("host", "seminar"), "seminar", ANN).statusCode()).isEqualTo(403);
        assertThat(server.get(server.httpUri("/api/v1/events/seminar/snapshot"), Tokens.watch("host", "other")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void bad_paths_and_methods_get_clear_errors() throws Exception {
        String token = Tokens.publish("usher", "*");
        assertThat(server.publish(token, "bad%20id", ANN).statusCode()).isEqualTo(400);
        assertThat(server.get(server.httpUri("/api/v1/events/seminar/attendance"), token).statusCode()).isEqualTo(405);
        assertThat(server.get(server.httpUri("/api/v1/events/seminar/nothing"), token).statusCode()).isEqualTo(404);
        assertThat(server.get(server.httpUri("/nowhere"), token).statusCode()).isEqualTo(404);
    }

    @Test
    void the_admin_port_reports_health_readiness_and_metrics() throws Exception {
        server.publish(Tokens.publish("usher", "seminar"), "seminar", ANN);
        assertThat(server.get(server.adminUri("/healthz"), null).statusCode()).isEqualTo(200);
        assertThat(server.get(server.adminUri("/readyz"), null).body()).isEqualTo("{\"ready\":true}");
        HttpResponse<String> metrics = server.get(server.adminUri("/metrics"), null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("rollcall_connections_active", "rollcall_publishes_total 1.0", "rollcall_deliveries_total",
                "jvm_memory_used_bytes");
    }
}
