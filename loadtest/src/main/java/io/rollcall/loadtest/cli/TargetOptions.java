package io.rollcall.loadtest.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where the server under test is and how to authenticate to it; shared by every scenario. */
public final class TargetOptions {
    @Option(names = "--url", required = true, split = ",", paramLabel = "WS_URL",
            description = "WebSocket endpoint(s), e.g. ws://127.0.0.1:8080/ws; with several (comma-separated: nodes of a cluster), "
                    + "client i uses URL i mod n")
    List<URI> urls;

    @Option(names = "--http", paramLabel = "HTTP_URL",
            description = "HTTP API base, e.g. http://127.0.0.1:8080 (default: the first --url's host and port)")
    URI http;

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:ROLLCALL_JWT_SECRET}",
            description = "The server's HS256 JWT secret, at least 32 bytes (default: $ROLLCALL_JWT_SECRET)")
    String secret;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Process id of the server, when it runs on this machine: its CPU use is reported next to the generator's")
    long serverPid;

    /** Checks the values; returns the HTTP base URL to use. */
    public URI validate(CommandSpec spec) {
        for (URI url : urls) {
            if (url.getScheme() == null || !url.getScheme().equals("ws") || url.getHost() == null) {
                throw new ParameterException(spec.commandLine(),
                        "--url: " + url + " (expected: ws://host:port/path; wss is not supported yet)");
            }
        }
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ParameterException(spec.commandLine(), "--secret: " + (secret == null ? "missing" : secret.length() + " bytes")
                    + " (expected: the server's --jwt-secret, at least 32 bytes; or set ROLLCALL_JWT_SECRET)");
        }
        URI first = urls.get(0);
        URI base = http != null ? http : URI.create("http://" + first.getHost() + ":" + (first.getPort() > 0 ? first.getPort() : 80));
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--http: " + base + " (expected: http://host:port)");
        }
        return base;
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
