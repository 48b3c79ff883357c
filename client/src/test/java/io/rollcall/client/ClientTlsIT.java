package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.SslContextBuilder;
import io.rollcall.config.Setting;
import io.rollcall.testing.TestCertificates;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over {@code wss://} to a node serving TLS itself. */
class ClientTlsIT {
    /** The node counted at least one failed handshake. */
    private static final Pattern TLS_FAILURES = Pattern.compile("(?m)^rollcall_tls_failures_total [1-9]");

    @TempDir
    Path dir;

    private TestServer server;

    private TestCertificates startTlsServer() throws Exception {
        TestCertificates ca = TestCertificates.createCa(dir);
        TestCertificates.Issued served = ca.issue("server", "rollcall node");
        server = new TestServer().with(Setting.TLS_CERT, served.cert().toString()).with(Setting.TLS_KEY, served.key().toString());
        server.start();
        return ca;
    }

    /** Publishes over HTTPS (the node's HTTP API shares the TLS port). */
    private void checkIn(TestCertificates ca, String guestId) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.server().port() + "/api/v1/events/gala/attendance"))
                .header("Authorization", "Bearer " + Tokens.publish("usher", "gala"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"guestId\":\"" + guestId + "\",\"status\":\"CHECKED_IN\"}")).build();
        assertThat(https.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void a_client_trusting_the_servers_ca_receives_the_snapshot_and_updates_over_wss() throws Exception {
        TestCertificates ca = startTlsServer();
        checkIn(ca, "early");
        RollcallClientIT.Recorder recorder = new RollcallClientIT.Recorder();
        try (RollcallClient client = RollcallClient.builder().uri(server.wssUri())
                .tls(SslContextBuilder.forClient().trustManager(ca.caCert.toFile()).endpointIdentificationAlgorithm("HTTPS").build())
                .tokens(() -> Tokens.watch("host", "gala")).build()) {
            client.subscribe("gala", recorder);
            client.connect().get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.snapshots.get() == 1);
            checkIn(ca, "late");
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seqs.contains(2L));
            assertThat(recorder.seqs).containsExactly(1L, 2L);
        }
    }

    @Test
    void a_server_certificate_the_client_does_not_trust_is_never_authenticated_to() throws Exception {
        startTlsServer();
        // Default trust: the JDK's CAs, which did not sign the test CA.
        try (RollcallClient client = RollcallClient.builder().uri(server.wssUri()).tokens(() -> Tokens.watch("host", "gala"))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build()) {
            assertThatThrownBy(() -> client.connect().get(2, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(client.sessions()).isZero();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> TLS_FAILURES.matcher(server.server().metrics().scrape()).find());
        }
    }
}
