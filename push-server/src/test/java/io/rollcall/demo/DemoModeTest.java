package io.rollcall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.auth.JwtVerifier;
import io.rollcall.auth.Principal;
import io.rollcall.config.ServerConfig;
import io.rollcall.config.Setting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --demo} fills in and the token it hands out. */
class DemoModeTest {

    @Test
    void a_bare_demo_gets_a_random_secret_and_a_free_admin_port_so_it_starts_anywhere() {
        Map<Setting, String> raw = new EnumMap<>(Map.of(Setting.DEMO, "true"));
        DemoMode.applyDefaults(raw);
        ServerConfig config = ServerConfig.of(raw);
        assertThat(config.auth().jwtSecret().length).isGreaterThanOrEqualTo(32);
        assertThat(config.network().adminPort()).isZero();
        assertThat(config.network().port()).as("the public port keeps its default").isEqualTo(8080);

        Map<Setting, String> another = new EnumMap<>(Map.of(Setting.DEMO, "true"));
        DemoMode.applyDefaults(another);
        assertThat(another.get(Setting.JWT_SECRET)).as("generated per run").isNotEqualTo(raw.get(Setting.JWT_SECRET));
    }

    @Test
    void what_the_user_set_is_kept_and_nothing_changes_without_demo() {
        Map<Setting, String> raw = new EnumMap<>(Map.of(Setting.DEMO, "true", Setting.JWT_SECRET, "x".repeat(40),
                Setting.ADMIN_PORT, "9191"));
        DemoMode.applyDefaults(raw);
        assertThat(raw).containsEntry(Setting.JWT_SECRET, "x".repeat(40)).containsEntry(Setting.ADMIN_PORT, "9191");

        Map<Setting, String> plain = new EnumMap<>(Setting.class);
        DemoMode.applyDefaults(plain);
        assertThat(plain).isEmpty();
    }

    @Test
    void the_demo_token_may_watch_the_demo_event_only_and_never_publish() throws Exception {
        String secret = "demo-secret-that-is-at-least-32-bytes!!";
        Principal viewer = new JwtVerifier(secret.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Clock.systemUTC())
                .verify(DemoMode.viewerToken(secret));
        assertThat(viewer.mayWatch(DemoMode.EVENT_ID)).isTrue();
        assertThat(viewer.mayWatch("another-event")).isFalse();
        assertThat(viewer.mayPublish(DemoMode.EVENT_ID)).isFalse();
        assertThat(DemoMode.dashboardUrl(false, "localhost", 8080, "T")).isEqualTo("http://localhost:8080/events/demo-wedding#token=T");
        assertThat(DemoMode.dashboardUrl(true, "localhost", 8443, "T")).startsWith("https://localhost:8443/");
    }
}
