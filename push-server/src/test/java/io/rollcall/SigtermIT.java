package io.rollcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.Tokens;
import io.rollcall.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server as an orchestrator runs it: {@code java -jar push-server.jar} with JSON logs,
 * stopped with SIGTERM. It drains, exits 0, and its log is JSON throughout with message ids and
 * session fields but no token or secret.
 */
class SigtermIT {
    private static final Path JAR = Path.of("target", "push-server.jar");
    private static final Pattern PUBLIC_PORT = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/ws");
    private static final Pattern ADMIN_PORT = Pattern.compile("admin +http://127\\.0\\.0\\.1:(\\d+)/metrics");

    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private int portFromLog(Pattern pattern) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> stdout.stream().map(SigtermIT::message).map(pattern::matcher)
                .filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst().orElse(0), port -> port > 0);
    }

    /** The formatted message of a JSON log line (the line itself if it is not JSON; checked later). */
    private static String message(String line) {
        try {
            return JsonParser.parseString(line).getAsJsonObject().get("formattedMessage").getAsString();
        } catch (RuntimeException notJson) {
            return line;
        }
    }

    @Test
    void sigterm_drains_the_node_and_exits_0_with_json_logs_free_of_secrets() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toString(), "--host", "127.0.0.1", "--admin-host", "127.0.0.1", "--port", "0", "--admin-port", "0",
                "--node-id", "sigterm-node", "--log-format", "json", "--drain-lb-delay", "300ms", "--drain-spread", "500ms",
                "--drain-timeout", "10s").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ROLLCALL_JWT_SECRET", Tokens.SECRET);
        builder.environment().put("ROLLCALL_LOG_LEVEL", "DEBUG");
        builder.environment().put("ROLLCALL_TRACE_LEVEL", "DEBUG");
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (java.io.IOException ignored) {
                // The process ended.
            }
        }, "sigterm-it-stdout");
        reader.start();
        int port = portFromLog(PUBLIC_PORT);
        int adminPort = portFromLog(ADMIN_PORT);

        String watchToken = Tokens.watch("host", "gala");
        String publishToken = Tokens.publish("usher", "gala");
        String forgedToken = Tokens.sign("another-secret-that-is-at-least-32-bytes", "mallory", List.of("*"), "",
                Instant.now().plusSeconds(600));
        WsTestClient watcher = WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), "rollcall.v1.proto");
        watcher.authenticate(watchToken);
        watcher.subscribe("gala", "", 0);
        assertThat(watcher.next().hasSubscribed()).isTrue();
        watcher.next(); // snapshot
        HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/events/gala/attendance"))
                .header("Authorization", "Bearer " + publishToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"guestId\":\"g1\",\"status\":\"CHECKED_IN\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).isEqualTo(200);
        String messageId = JsonParser.parseString(published.body()).getAsJsonObject().get("messageId").getAsString();
        assertThat(watcher.next().getUpdate().getMessageId()).as("the client gets the id the publisher got").isEqualTo(messageId);

        try (WsTestClient forger = WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), "rollcall.v1.proto")) {
            forger.sendConnect(forgedToken);
            assertThat(forger.awaitClose()).isEqualTo(4401);
        }

        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
        URI readyz = URI.create("http://127.0.0.1:" + adminPort + "/readyz");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503));
        ServerFrame goAway = watcher.next();
        assertThat(goAway.hasGoAway()).isTrue();
        assertThat(goAway.getGoAway().getReconnectAfterMs()).isBetween(0, 499);
        watcher.close(); // a real client now reconnects elsewhere
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within the drain timeout").isTrue();
        assertThat(process.exitValue()).isEqualTo(0);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        java.nio.file.Files.write(Path.of("target", "sigterm-it-stdout.log"), stdout); // for diagnosis

        assertThat(stdout).isNotEmpty().allSatisfy(line -> assertThat(JsonParser.parseString(line).isJsonObject())
                .as("a JSON object per line: %s", line).isTrue());
        String log = String.join("\n", stdout);
        assertThat(log).doesNotContain(watchToken, publishToken, forgedToken, Tokens.SECRET, forgedToken.split("\\.")[2]);
        assertThat(stdout).as("the node logs the message id where it receives the update")
                .anyMatch(line -> line.contains("received update") && line.contains(messageId));
        assertThat(stdout).as("session logs carry the session id and remote address")
                .anyMatch(line -> line.contains("closing") && line.contains("\"session\"") && line.contains("\"remote\""));
        assertThat(stdout).anyMatch(line -> line.contains("drained, exiting"));
    }
}
