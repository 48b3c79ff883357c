package io.rollcall.loadtest.cli;

import io.rollcall.loadtest.ws.ClientTls;
import io.rollcall.loadtest.ws.Subprotocol;
import io.rollcall.loadtest.ws.Wire;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where the server under test is, how to reach it (TLS, subprotocol) and how to authenticate; shared by every scenario. */
public final class TargetOptions {
    @Option(names = "--url", required = true, split = ",", paramLabel = "WS_URL",
            description = "WebSocket endpoint(s), e.g. ws://127.0.0.1:8080/ws or wss://localhost:8443/ws; with several "
                    + "(comma-separated: nodes of a cluster), client i uses URL i mod n")
    List<URI> urls;

    @Option(names = "--encoding", defaultValue = "proto", paramLabel = "KIND",
            description = "Subprotocol the clients speak: proto (rollcall.v1.proto, binary) | json (rollcall.v1.json, text) "
                    + "(default: ${DEFAULT-VALUE})")
    Subprotocol encoding;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "wss: trust the CA certificate(s) in this PEM file (default: the JVM's trusted CAs)")
    Path caFile;

    @Option(names = "--insecure",
            description = "wss: trust any certificate and skip host name checks. For local load tests only, never against "
                    + "a server you do not own")
    boolean insecure;

    @Option(names = "--tls-provider", defaultValue = "auto", paramLabel = "KIND",
            description = "wss: auto (OpenSSL/BoringSSL when it loads, else JDK) | openssl | jdk (default: ${DEFAULT-VALUE})")
    ClientTls.Provider tlsProvider;

    @Option(names = "--tls-groups", split = ",", paramLabel = "GROUP[,GROUP...]",
            description = "wss: key exchange groups to offer, in order, e.g. x25519,secp256r1 (default: the provider's, "
                    + "X25519MLKEM768 first as in current browsers)")
    List<String> tlsGroups = List.of();

    private Wire wire;

    @Option(names = "--http", paramLabel = "HTTP_URL",
            description = "HTTP API base, e.g. http://127.0.0.1:8080 (default: the first --url's host and port)")
    URI http;

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:ROLLCALL_JWT_SECRET}",
            description = "The server's HS256 JWT secret, at least 32 bytes (default: $ROLLCALL_JWT_SECRET)")
    String secret;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Process id of the server, when it runs on this machine: its CPU use is reported next to the generator's")
    long serverPid;

    /**
     * Checks the values for a scenario that also publishes or polls over HTTP; returns the HTTP
     * base URL to use. Those speak plain HTTP only, so the WebSocket URLs must be {@code ws://}.
     */
    public URI validate(CommandSpec spec) {
        validateWebSocket(spec);
        if (wire.tls() != null) {
            throw new ParameterException(spec.commandLine(), "--url: " + urls.get(0) + " (expected: ws:// for this scenario; "
                    + "publishing and polling over https are not supported yet, wss:// works with connect-storm, idle and churn)");
        }
        URI first = urls.get(0);
        URI base = http != null ? http : URI.create("http://" + first.getHost() + ":" + (first.getPort() > 0 ? first.getPort() : 80));
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--http: " + base + " (expected: http://host:port)");
        }
        return base;
    }

    /** Checks the values for a scenario that only opens WebSockets, and builds the TLS context when the URLs are wss://. */
    public void validateWebSocket(CommandSpec spec) {
        String scheme = urls.get(0).getScheme();
        for (URI url : urls) {
            if (url.getScheme() == null || !(url.getScheme().equals("ws") || url.getScheme().equals("wss")) || url.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--url: " + url + " (expected: ws://host:port/path or wss://host:port/path)");
            }
            if (!url.getScheme().equals(scheme)) {
                throw new ParameterException(spec.commandLine(), "--url: " + url + " (expected: " + scheme + ":// like the first URL)");
            }
        }
        boolean tls = scheme.equals("wss");
        if (!tls && (caFile != null || insecure)) {
            throw new ParameterException(spec.commandLine(), (insecure ? "--insecure" : "--ca-file") + ": given for ws:// URLs "
                    + "(expected: wss:// URLs)");
        }
        if (caFile != null && insecure) {
            throw new ParameterException(spec.commandLine(), "--ca-file / --insecure: both given (expected: at most one)");
        }
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ParameterException(spec.commandLine(), "--secret: " + (secret == null ? "missing" : secret.length() + " bytes")
                    + " (expected: the server's --jwt-secret, at least 32 bytes; or set ROLLCALL_JWT_SECRET)");
        }
        try {
            wire = new Wire(encoding, tls ? ClientTls.create(caFile, insecure, tlsProvider, tlsGroups) : null);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** What the clients speak; one TLS context for the whole run. Call after validating. */
    public Wire wire() {
        if (wire == null) {
            throw new IllegalStateException("wire() before validate()");
        }
        return wire;
    }

    public List<URI> urls() {
        return List.copyOf(urls);
    }

    public long serverPid() {
        return serverPid;
    }

    public String secret() {
        return secret;
    }
}
