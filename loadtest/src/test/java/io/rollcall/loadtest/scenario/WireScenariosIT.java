package io.rollcall.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.config.Setting;
import io.rollcall.loadtest.publish.PublishVia;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.ClientTls;
import io.rollcall.loadtest.ws.Subprotocol;
import io.rollcall.loadtest.ws.Wire;
import io.rollcall.testing.TestCertificates;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generator against a real node over TLS (a throw-away CA) and on the JSON subprotocol. */
class WireScenariosIT {
    @RegisterExtension
    final TestServer server = new TestServer();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** Restarts the node serving TLS with a certificate of a fresh CA; returns the CA's PEM. */
    private Path serveTls(Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.createCa(Files.createDirectories(dir));
        TestCertificates.Issued issued = certificates.issue("node", "localhost");
        server.stop();
        server.with(Setting.TLS_CERT, issued.cert().toString()).with(Setting.TLS_KEY, issued.key().toString()).start();
        return certificates.caCert;
    }

    private ConnectionResult connectStorm(URI url, Wire wire, int clients) throws Exception {
        ConnectionPlan plan = new ConnectionPlan("connect-storm", List.of(url), wire, Tokens.SECRET, "it-wire", clients, 1000, 100,
                Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ZERO, null, 2, Transport.select(Transport.Kind.AUTO), List.of(),
                0);
        return new ConnectionScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"PROTO, OPENSSL", "JSON, JDK"})
    void connectsOverTls13TrustingTheServersCa(Subprotocol subprotocol, ClientTls.Provider provider, @TempDir Path dir) throws Exception {
        Path ca = serveTls(dir);
        ClientTls tls = ClientTls.create(ca, false, provider);

        // localhost, not 127.0.0.1: the host name is checked against the certificate (both are in its SAN).
        URI url = URI.create("wss://localhost:" + server.wssUri().getPort() + "/ws");
        ConnectionResult result = connectStorm(url, new Wire(subprotocol, tls), 40);

        assertThat(result.failures()).as(console()).isEmpty();
        assertThat(result.ready()).isEqualTo(40);
        assertThat(result.tlsSessions()).hasSize(1);
        assertThat(result.tlsSessions().keySet().iterator().next()).startsWith("TLSv1.3 TLS_");
        assertThat(result.tlsSessions().values().iterator().next()).isEqualTo(40L);
        assertThat(tls.provider()).startsWith(provider == ClientTls.Provider.OPENSSL ? "OpenSSL" : "JDK");
        String json = ConnectionReport.json(result);
        assertThat(json).contains("\"tls\": true", "\"subprotocol\": \"" + subprotocol.subprotocol() + "\"", "\"TLSv1.3 TLS_");
    }

    @Test
    void offersOnlyTheKeyExchangeGroupsItIsGiven(@TempDir Path dir) throws Exception {
        server.with(Setting.TLS_GROUPS, "secp256r1");
        Path ca = serveTls(dir);
        URI url = URI.create("wss://localhost:" + server.wssUri().getPort() + "/ws");

        ConnectionResult refused = connectStorm(url, new Wire(Subprotocol.PROTO, ClientTls.create(ca, false, ClientTls.Provider.OPENSSL,
                List.of("x25519"))), 2);
        ClientTls p256 = ClientTls.create(ca, false, ClientTls.Provider.OPENSSL, List.of("secp256r1"));
        ConnectionResult agreed = connectStorm(url, new Wire(Subprotocol.PROTO, p256), 2);

        assertThat(refused.failed()).isEqualTo(2);
        assertThat(agreed.failures()).as(console()).isEmpty();
        assertThat(agreed.ready()).isEqualTo(2);
        assertThat(p256.provider()).startsWith("OpenSSL").endsWith("offering secp256r1");
        assertThatThrownBy(() -> ClientTls.create(ca, false, ClientTls.Provider.JDK, List.of("x25519")))
                .hasMessageContaining("--tls-groups: x25519 (expected: none with the JDK provider");
        assertThatThrownBy(() -> ClientTls.create(ca, false, ClientTls.Provider.OPENSSL, List.of("x448k")))
                .hasMessageContaining("--tls-groups: x448k (expected: groups the provider knows");
    }

    @Test
    void refusesAServerWhoseCertificateItsCaDidNotSign(@TempDir Path dir) throws Exception {
        serveTls(dir.resolve("server"));
        Path otherCa = TestCertificates.createCa(Files.createDirectories(dir.resolve("other"))).caCert;

        ConnectionResult result = connectStorm(server.wssUri(), new Wire(Subprotocol.PROTO, ClientTls.create(otherCa, false,
                ClientTls.Provider.AUTO)), 3);

        assertThat(result.passed()).isFalse();
        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.problems().keySet()).anyMatch(p -> p.startsWith("TLS handshake"));
    }

    @Test
    void insecureTrustsAnyCertificate(@TempDir Path dir) throws Exception {
        serveTls(dir);

        ConnectionResult result = connectStorm(server.wssUri(), new Wire(Subprotocol.PROTO, ClientTls.create(null, true,
                ClientTls.Provider.AUTO)), 5);

        assertThat(result.failures()).as(console()).isEmpty();
        assertThat(result.ready()).isEqualTo(5);
    }

    @Test
    void broadcastsOnTheJsonSubprotocolWithoutLoss() throws Exception {
        URI ws = server.wsUri();
        FanOutPlan plan = new FanOutPlan("broadcast", List.of(ws), new Wire(Subprotocol.JSON, null),
                URI.create("http://127.0.0.1:" + ws.getPort()), Tokens.SECRET, EventSpread.single("it-json"), 40, 500, 1000,
                Duration.ofSeconds(20), Duration.ofSeconds(10), 50, Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5),
                2, 10, 100, 2, Transport.select(Transport.Kind.AUTO), List.of(), null, 0, null, PublishVia.http());

        FanOutResult result = new FanOutScenario(plan, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

        assertThat(result.failures()).as(console()).isEmpty();
        assertThat(console()).contains("rollcall.v1.json over plain TCP");
        assertThat(result.connect().ready()).isEqualTo(40);
        assertThat(result.publish().accepted()).isEqualTo(65);
        assertThat(result.deliveries().received()).isEqualTo(40L * 65);
        assertThat(result.checks().lost() + result.checks().duplicates() + result.checks().outOfOrder()).isZero();
        // Every delivery was timed from its occurredAt, read from the JSON text.
        assertThat(result.deliveries().unstamped()).isZero();
        assertThat(result.latency().getTotalCount()).isEqualTo(40L * 50);
        // A 100-character note in every update: JSON text frames of at least that size arrived.
        assertThat(result.deliveries().bytesReceived()).isGreaterThan(result.deliveries().received() * 100);
    }
}
