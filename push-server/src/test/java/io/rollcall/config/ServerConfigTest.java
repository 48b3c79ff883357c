package io.rollcall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigTest {
    private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr";

    private static Map<Setting, String> raw(Object... settingsAndValues) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        raw.put(Setting.JWT_SECRET, SECRET);
        for (int i = 0; i < settingsAndValues.length; i += 2) {
            raw.put((Setting) settingsAndValues[i], (String) settingsAndValues[i + 1]);
        }
        return raw;
    }

    @Test
    void defaults_apply_to_every_setting_that_is_not_given() {
        ServerConfig config = ServerConfig.of(raw());

        assertThat(config.network().port()).isEqualTo(8080);
        assertThat(config.network().adminPort()).isEqualTo(9090);
        assertThat(config.network().transport()).isEqualTo(ServerConfig.Transport.AUTO);
        assertThat(config.auth().leeway()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().maxFrameSize()).isEqualTo(16 * 1024);
        assertThat(config.limits().writeBufferLow()).isEqualTo(64 * 1024);
        assertThat(config.limits().writeBufferHigh()).isEqualTo(1024 * 1024);
        assertThat(config.limits().maxPendingBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.delivery().historySize()).isEqualTo(1000);
        assertThat(config.delivery().heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.nodeId()).isNotBlank();
    }

    @Test
    void demo_is_off_unless_asked_for_and_only_true_or_false_is_accepted() {
        assertThat(ServerConfig.of(raw()).demo()).isFalse();
        assertThat(ServerConfig.of(raw(Setting.DEMO, "true")).demo()).isTrue();
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.DEMO, "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("demo: yes (expected: true or false)");
    }

    @Test
    void a_given_node_id_is_kept() {
        assertThat(ServerConfig.of(raw(Setting.NODE_ID, "edge-7")).nodeId()).isEqualTo("edge-7");
    }

    @Test
    void surrounding_whitespace_in_a_value_is_ignored() {
        ServerConfig config = ServerConfig.of(raw(Setting.PORT, " 8081 ", Setting.CONNECT_TIMEOUT, "5s\t"));

        assertThat(config.network().port()).isEqualTo(8081);
        assertThat(config.limits().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "65535, 65535"})
    void ports_from_0_to_65535_are_accepted(String value, int expected) {
        ServerConfig config = ServerConfig.of(raw(Setting.PORT, value, Setting.ADMIN_PORT, "0"));

        assertThat(config.network().port()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1     | port: -1 (expected: integer 0..65535)",
        "65536  | port: 65536 (expected: integer 0..65535)",
        "http   | port: http (expected: integer 0..65535)",
        "80.5   | port: 80.5 (expected: integer 0..65535)",
        "''     | port: <empty> (expected: integer 0..65535)",
    })
    void a_bad_port_is_refused_naming_the_value_and_the_range(String value, String message) {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.PORT, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void the_admin_port_must_differ_from_the_public_port() {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.PORT, "8000", Setting.ADMIN_PORT, "8000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("admin-port: 8000 (expected: different from port)");
    }

    @Test
    void both_ports_may_be_0_to_pick_free_ports() {
        ServerConfig config = ServerConfig.of(raw(Setting.PORT, "0", Setting.ADMIN_PORT, "0"));

        assertThat(config.network().port()).isZero();
        assertThat(config.network().adminPort()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "2h, 7200000", "100ms, 100"})
    void durations_are_read_in_milliseconds_seconds_minutes_and_hours(String value, long millis) {
        ServerConfig config = ServerConfig.of(raw(Setting.HEARTBEAT_INTERVAL, value));

        assertThat(config.delivery().heartbeatInterval()).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25", "25 s", "1.5s", "25sec", "s", "-5s", "99ms"})
    void a_bad_duration_is_refused_with_an_example_and_the_minimum(String value) {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.HEARTBEAT_INTERVAL, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heartbeat-interval: " + value + " (expected: a duration like 500ms, 10s, 5m, at least 100ms)");
    }

    @Test
    void a_zero_leeway_is_allowed() {
        assertThat(ServerConfig.of(raw(Setting.JWT_LEEWAY, "0s")).auth().leeway()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "16KiB, 16384", "16kib, 16384", "16k, 16384", "1MiB, 1048576", "1m, 1048576", "1g, 1073741824",
        "256B, 256"})
    void sizes_are_read_in_bytes_kibibytes_mebibytes_and_gibibytes(String value, int bytes) {
        assertThat(ServerConfig.of(raw(Setting.MAX_FRAME_SIZE, value)).limits().maxFrameSize()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16KB", "lots", "-1", "1.5MiB", "255", "2GiB", "16 KiB"})
    void a_bad_size_is_refused_with_an_example_and_the_minimum(String value) {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.MAX_FRAME_SIZE, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("max-frame-size: " + value + " (expected: a size like 16KiB or 1MiB, at least 256 bytes)");
    }

    @ParameterizedTest
    @CsvSource({
        // A number too large for the unit must be refused like any other bad size, not wrap around or crash.
        "max-frame-size, 17179869185g",
        "max-frame-size, 99999999999999999999",
        "heartbeat-interval, 9999999999999999h",
        "heartbeat-interval, 99999999999999999999s",
    })
    void a_number_too_large_for_its_setting_is_reported_as_a_config_problem(String key, String value) {
        Setting setting = Setting.forKey(key);

        assertThatThrownBy(() -> ServerConfig.of(raw(setting, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": " + value + " (expected: ");
    }

    @Test
    void a_missing_jwt_secret_is_refused() {
        Map<Setting, String> raw = raw();
        raw.remove(Setting.JWT_SECRET);

        assertThatThrownBy(() -> ServerConfig.of(raw))
                .isInstanceOf(ConfigException.class)
                .hasMessage("jwt-secret: <0 characters> (expected: an HS256 secret of at least 32 bytes, or a jwt-jwks-file)");
    }

    @Test
    void a_jwks_file_replaces_the_secret(@TempDir Path dir) throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()).toString());
        Map<Setting, String> raw = raw(Setting.JWT_JWKS_FILE, jwks.toString());
        raw.remove(Setting.JWT_SECRET);

        ServerConfig.Auth auth = ServerConfig.of(raw).auth();

        assertThat(auth.jwksFile()).contains(jwks);
        assertThat(auth.jwtSecret()).isEmpty();
    }

    @Test
    void a_jwks_file_that_is_missing_or_not_a_jwks_is_refused(@TempDir Path dir) throws Exception {
        Path notJwks = dir.resolve("keys.json");
        Files.writeString(notJwks, "[1, 2]");

        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.JWT_JWKS_FILE, dir.resolve("absent.json").toString())))
                .hasMessageContaining("jwt-jwks-file: " + dir.resolve("absent.json") + " (expected: a readable file)");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.JWT_JWKS_FILE, notJwks.toString())))
                .hasMessageContaining("jwt-jwks-file: " + notJwks + " (expected: a JWKS file:");
    }

    @Test
    void tls_is_off_by_default_and_speaks_only_tls_1_3_when_on(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");

        assertThat(ServerConfig.of(raw()).tls().enabled()).isFalse();
        ServerConfig.Tls tls = ServerConfig.of(raw(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString())).tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.provider()).isEqualTo(ServerConfig.TlsProvider.AUTO);
        assertThat(tls.groups()).as("the provider's default groups").isEmpty();
        assertThat(ServerConfig.of(raw(Setting.TLS_GROUPS, " x25519, secp256r1 ")).tls().groups()).containsExactly("x25519", "secp256r1");
    }

    @Test
    void tls_settings_are_validated(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");

        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_CERT, cert.toString())))
                .hasMessageContaining("tls-key: <empty> (expected: set together with tls-cert)");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_PROTOCOLS, "TLSv1.1")))
                .hasMessageContaining("tls-protocols: TLSv1.1 (expected: TLSv1.3, TLSv1.2 or both, comma-separated)");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_PROVIDER, "gnutls")))
                .hasMessageContaining("tls-provider: gnutls (expected: one of auto, openssl, jdk)");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_PROVIDER, "jdk", Setting.TLS_GROUPS, "x25519")))
                .hasMessageContaining("tls-groups: x25519 (expected: empty with tls-provider jdk");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_CERT, dir.resolve("none.pem").toString(), Setting.TLS_KEY, cert.toString())))
                .hasMessageContaining("tls-cert: " + dir.resolve("none.pem") + " (expected: a readable file)");
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TLS_KEY_PASSWORD, "hunter2", Setting.TLS_PROVIDER, "bad")))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_short_jwt_secret_is_refused_without_showing_it() {
        String shortSecret = "only-31-bytes-long-secret-value";

        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.JWT_SECRET, shortSecret)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("jwt-secret: <31 characters> (expected: at least 32 bytes (HS256 needs a 256-bit key))")
                .message().doesNotContain(shortSecret);
    }

    @Test
    void the_jwt_secret_length_is_counted_in_utf8_bytes() {
        String sixteenTwoByteChars = "é".repeat(16);

        byte[] secret = ServerConfig.of(raw(Setting.JWT_SECRET, sixteenTwoByteChars)).auth().jwtSecret();

        assertThat(secret).isEqualTo(sixteenTwoByteChars.getBytes(StandardCharsets.UTF_8)).hasSize(32);
    }

    @ParameterizedTest
    @CsvSource({"1MiB, 1MiB", "2MiB, 1MiB"})
    void the_low_write_water_mark_must_be_below_the_high_one(String low, String high) {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.WRITE_BUFFER_LOW, low, Setting.WRITE_BUFFER_HIGH, high)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("write-buffer-low: " + low + " (expected: less than write-buffer-high)");
    }

    @Test
    void trusted_proxies_and_allowed_origins_are_read_as_lists() {
        ServerConfig.Admission admission = ServerConfig.of(raw(Setting.TRUSTED_PROXIES, "10.0.0.2, fd00::2",
                Setting.ALLOWED_ORIGINS, "https://App.Example,http://localhost:3000")).limits().admission();
        assertThat(admission.trustedProxies()).hasSize(2);
        assertThat(admission.allowedOrigins()).containsExactlyInAnyOrder("https://app.example", "http://localhost:3000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRUSTED_PROXIES | lb.internal | trusted-proxies: lb.internal (expected: IP addresses like 10.0.0.2,fd00::2 (no host names))",
        "ALLOWED_ORIGINS | app.example | allowed-origins: app.example (expected: origins like https://app.example or http://localhost:3000 (no path))",
        "ALLOWED_ORIGINS | https://app.example/path | allowed-origins: https://app.example/path (expected: origins like https://app.example or http://localhost:3000 (no path))",
        "OVERLOAD_FRAME_RATE | 50 | overload-frame-rate: 50 (expected: at most max-frame-rate)",
        "OVERLOAD_MEMORY | 101 | overload-memory: 101 (expected: integer 1..100)"})
    void bad_limit_settings_are_refused_naming_the_value(Setting setting, String value, String message) {
        assertThatThrownBy(() -> ServerConfig.of(raw(setting, value))).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void the_pending_byte_limit_must_be_at_least_the_high_water_mark() {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.MAX_PENDING_BYTES, "512KiB")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("max-pending-bytes: 512KiB (expected: at least write-buffer-high)");
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "epoll, EPOLL", "IO_URING, IO_URING", "Nio, NIO"})
    void the_transport_is_read_in_any_case(String value, ServerConfig.Transport expected) {
        assertThat(ServerConfig.of(raw(Setting.TRANSPORT, value)).network().transport()).isEqualTo(expected);
    }

    @Test
    void an_unknown_transport_is_refused_listing_the_choices() {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.TRANSPORT, "kqueue")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("transport: kqueue (expected: one of auto, io_uring, epoll, nio)");
    }

    @Test
    void every_problem_is_reported_at_once_one_per_line() {
        Map<Setting, String> raw = raw(Setting.PORT, "http", Setting.HEARTBEAT_INTERVAL, "soon", Setting.MAX_FRAME_SIZE, "big",
                Setting.JWT_SECRET, "short");

        assertThatThrownBy(() -> ServerConfig.of(raw))
                .isInstanceOf(ConfigException.class)
                .message()
                .contains("port: http (expected: integer 0..65535)")
                .contains("jwt-secret: <5 characters> (expected: at least 32 bytes (HS256 needs a 256-bit key))")
                .contains("max-frame-size: big (expected: a size like 16KiB or 1MiB, at least 256 bytes)")
                .contains("heartbeat-interval: soon (expected: a duration like 500ms, 10s, 5m, at least 100ms)")
                .satisfies(message -> assertThat(message.lines()).hasSize(4));
    }

    @Test
    void drain_and_log_format_default_to_a_5s_lb_delay_a_10s_spread_a_30s_timeout_and_text() {
        ServerConfig.Operations operations = ServerConfig.of(raw()).operations();

        assertThat(operations.drainLbDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(operations.drainSpread()).isEqualTo(Duration.ofSeconds(10));
        assertThat(operations.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(operations.logFormat()).isEqualTo(ServerConfig.LogFormat.TEXT);
        assertThat(ServerConfig.of(raw(Setting.LOG_FORMAT, "JSON")).operations().logFormat()).isEqualTo(ServerConfig.LogFormat.JSON);
    }

    @Test
    void the_drain_timeout_must_leave_room_for_the_lb_delay_and_the_spread() {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.DRAIN_LB_DELAY, "10s", Setting.DRAIN_SPREAD, "20s", Setting.DRAIN_TIMEOUT, "30s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("drain-timeout: 30s (expected: longer than drain-lb-delay + drain-spread)");
    }

    @Test
    void an_unknown_log_format_is_refused() {
        assertThatThrownBy(() -> ServerConfig.of(raw(Setting.LOG_FORMAT, "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("log-format: xml (expected: text or json)");
    }

    @Test
    void describe_masks_a_password_in_the_redis_uri() {
        String description = ServerConfig.of(raw(Setting.REDIS, "redis://app:hunter2-hunter2@redis.internal:6379/0")).describe();

        assertThat(description).doesNotContain("hunter2").containsPattern("redis +\\Qredis://******@redis.internal:6379/0\\E");
    }

    @Test
    void describe_masks_the_jwt_secret_but_shows_its_length() {
        String description = ServerConfig.of(raw(Setting.PORT, "8181")).describe();

        assertThat(description)
                .doesNotContain(SECRET)
                .containsPattern("jwt-secret +\\Q****** (32 characters)\\E")
                .containsPattern("port +8181");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0123456789abcdef0123456789abcdef",
        "port-8080-and-more-than-32-bytes-long",
        "  padded secret that is long enough to pass  ",
    })
    void describe_never_contains_the_secret(String secret) {
        String description = ServerConfig.of(raw(Setting.JWT_SECRET, secret)).describe();

        assertThat(description).doesNotContain(secret).doesNotContain(secret.trim());
    }

    @Test
    void describe_lists_every_setting_with_defaults_and_the_effective_node_id() {
        ServerConfig config = ServerConfig.of(raw());
        String description = config.describe();

        for (Setting setting : Setting.values()) {
            assertThat(description).contains(setting.key());
        }
        assertThat(description).containsPattern("history-size +1000").containsPattern("node-id +\\Q" + config.nodeId() + "\\E");
    }
}
