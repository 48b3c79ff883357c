package io.rollcall.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.rollcall.config.Setting;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.TestCertificates;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real TLS WebSocket clients (Netty, JDK SSLEngine, trusting a CA made for the test) against a node
 * serving TLS with each provider.
 */
class TlsIT {
    private static final String PROTO = "rollcall.v1.proto";

    @TempDir
    Path dir;

    private TestServer server;
    private TestCertificates.Issued served;
    private TestCertificates ca;

    private void start(String provider, String protocols) throws Exception {
        ca = TestCertificates.createCa(dir);
        served = ca.issue("server", "first");
        server = new TestServer().with(Setting.TLS_CERT, served.cert().toString()).with(Setting.TLS_KEY, served.key().toString())
                .with(Setting.TLS_PROVIDER, provider).with(Setting.TLS_PROTOCOLS, protocols).with(Setting.RELOAD_INTERVAL, "100ms");
        server.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void the_http_api_is_served_over_https_with_an_encrypted_key(String provider) throws Exception {
        ca = TestCertificates.createCa(dir);
        served = ca.issue("server", "first");
        server = new TestServer().with(Setting.TLS_CERT, served.cert().toString())
                .with(Setting.TLS_KEY, ca.encryptedKey(served, "k3y-pass").toString()).with(Setting.TLS_KEY_PASSWORD, "k3y-pass")
                .with(Setting.TLS_PROVIDER, provider);
        server.start();
        HttpClient https = HttpClient.newBuilder().sslContext(ca.trustingContext()).build();

        HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.server().port() + "/api/v1/events/gala/snapshot"))
                .header("Authorization", "Bearer " + Tokens.watch("host", "gala")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void the_configured_groups_are_the_only_ones_the_node_agrees_to() throws Exception {
        ca = TestCertificates.createCa(dir);
        served = ca.issue("server", "first");
        server = new TestServer().with(Setting.TLS_CERT, served.cert().toString()).with(Setting.TLS_KEY, served.key().toString())
                .with(Setting.TLS_PROVIDER, "openssl").with(Setting.TLS_GROUPS, "x25519");
        server.start();

        SslContext p256Only = groupsClient("secp256r1");
        assertThatThrownBy(() -> WsTestClient.connect(server.wssUri(), PROTO, p256Only)).isInstanceOf(ExecutionException.class);
        try (WsTestClient client = watcher(groupsClient("X25519MLKEM768", "x25519"))) {
            assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void unknown_groups_stop_the_start() throws Exception {
        ca = TestCertificates.createCa(dir);
        served = ca.issue("server", "first");
        TestServer unstarted = new TestServer().with(Setting.TLS_CERT, served.cert().toString())
                .with(Setting.TLS_KEY, served.key().toString()).with(Setting.TLS_PROVIDER, "openssl").with(Setting.TLS_GROUPS, "x448k");
        assertThatThrownBy(unstarted::start).hasStackTraceContaining("cannot build a TLS context");
    }

    /** A BoringSSL client offering only {@code groups}. */
    private SslContext groupsClient(String... groups) throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).trustManager(ca.caCert.toFile()).protocols("TLSv1.3")
                .option(OpenSslContextOption.GROUPS, groups).build();
    }

    private SslContext client(String... protocols) throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(ca.caCert.toFile()).protocols(protocols).build();
    }

    private WsTestClient watcher(SslContext tls) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wssUri(), PROTO, tls);
        client.authenticate(Tokens.watch("host", "gala"));
        client.subscribe("gala", "", 0);
        assertThat(client.next().hasSubscribed()).isTrue();
        assertThat(client.next().hasSnapshot()).isTrue();
        return client;
    }

    private void publish(String guestId) throws Exception {
        server.broker().publish("gala", AttendanceUpdate.newBuilder().setGuestId(guestId).setGuestName("Guest " + guestId)
                .setStatus(GuestStatus.CHECKED_IN).setPax(1).build()).get(10, TimeUnit.SECONDS);
    }

    private static String servedCommonName(WsTestClient client) throws Exception {
        return ((X509Certificate) client.tlsSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_wss_client_negotiates_tls_1_3_and_receives_updates(String provider) throws Exception {
        start(provider, "TLSv1.3");
        assertThat(server.server().tlsProvider()).contains(SslProvider.valueOf(provider.toUpperCase(java.util.Locale.ROOT)));
        try (WsTestClient client = watcher(client("TLSv1.3", "TLSv1.2"))) {
            assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
            publish("g1");
            ServerFrame update = client.next();
            assertThat(update.getUpdate().getAttendance().getGuestId()).isEqualTo("g1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_tls_1_2_only_client_is_refused_by_default(String provider) throws Exception {
        start(provider, "TLSv1.3");
        SslContext tls12 = client("TLSv1.2");
        assertThatThrownBy(() -> WsTestClient.connect(server.wssUri(), PROTO, tls12)).isInstanceOf(ExecutionException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().metrics().scrape().contains("rollcall_tls_failures_total 1.0"));
        try (WsTestClient client = watcher(client("TLSv1.3"))) {
            assertThat(client.isOpen()).as("the node still serves TLS 1.3 clients").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls_1_2_is_served_when_configured(String provider) throws Exception {
        start(provider, "TLSv1.2,TLSv1.3");
        try (WsTestClient client = watcher(client("TLSv1.2"))) {
            assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_replaced_certificate_serves_new_connections_while_existing_ones_stay_up(String provider) throws Exception {
        start(provider, "TLSv1.3");
        SslContext tls = client("TLSv1.3");
        WsTestClient existing = watcher(tls);
        assertThat(servedCommonName(existing)).isEqualTo("CN=first");

        ca.issue("rotated", "second").installAs(served);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (WsTestClient fresh = WsTestClient.connect(server.wssUri(), PROTO, tls)) {
                assertThat(servedCommonName(fresh)).isEqualTo("CN=second");
            }
        });
        publish("after-rotation");
        assertThat(existing.next().getUpdate().getAttendance().getGuestId()).isEqualTo("after-rotation");
        assertThat(existing.isOpen()).isTrue();
        existing.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void unusable_new_files_keep_the_previous_certificate(String provider) throws Exception {
        start(provider, "TLSv1.3");
        SslContext tls = client("TLSv1.3");

        java.nio.file.Files.writeString(served.cert(), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        // Several reload polls pass; every new connection still gets the first certificate.
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (WsTestClient fresh = WsTestClient.connect(server.wssUri(), PROTO, tls)) {
                assertThat(servedCommonName(fresh)).isEqualTo("CN=first");
            }
        });
    }
}
