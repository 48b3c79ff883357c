package io.rollcall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.protocol.ServerFrame;
import io.rollcall.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as a user runs it: the packaged jar with {@code --demo} prints a
 * dashboard address whose token watches a live event of 240 parties, and a busy port is reported
 * plainly.
 */
class DemoCommandIT {
    private static final Path JAR = Path.of("target/push-server.jar");
    private static final Pattern DASHBOARD = Pattern.compile("http://localhost:(\\d+)/events/demo-wedding#token=(\\S+)");
    private static final long DEADLINE_SECONDS = 60;

    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private Process demo;

    private Process run(String... flags) throws Exception {
        assertThat(JAR).as("the packaged server (mvn package runs before integration tests)").isNotEmptyFile();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(flags));
        demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the process ended (lines() wraps the read error)
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        return demo;
    }

    private Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
        }
        throw new AssertionError("no line matching " + pattern + " within " + DEADLINE_SECONDS + " s; output:\n" + seen);
    }

    @AfterEach
    void stopDemo() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            demo.destroy();
            if (!demo.waitFor(15, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void the_demo_prints_a_dashboard_address_whose_token_watches_a_live_wedding() throws Exception {
        run("--demo", "--port", "0");
        Matcher url = awaitLine(DASHBOARD);
        int port = Integer.parseInt(url.group(1));
        String token = url.group(2);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/demo-wedding")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");

        try (WsTestClient client = WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"), "rollcall.v1.proto")) {
            client.authenticate(token);
            client.subscribe("demo-wedding", "", 0);
            assertThat(client.next().hasSubscribed()).isTrue();
            int guests = 0;
            long snapshotSeq;
            while (true) {
                ServerFrame page0 = client.next();
                assertThat(page0.hasSnapshot()).as("snapshot pages first: %s", page0.getKindCase()).isTrue();
                guests += page0.getSnapshot().getGuestsCount();
                if (page0.getSnapshot().getLastPage()) {
                    snapshotSeq = page0.getSnapshot().getSeq();
                    break;
                }
            }
            assertThat(guests).isEqualTo(DemoMode.PARTIES);
            ServerFrame live = client.next();
            assertThat(live.hasUpdate()).as("the demo plays on: %s", live.getKindCase()).isTrue();
            assertThat(live.getUpdate().getSeq()).isEqualTo(snapshotSeq + 1);
        }

        HttpResponse<String> publish = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/events/demo-wedding/attendance")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"guestId\":\"x\",\"status\":\"CHECKED_IN\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(publish.statusCode()).as("the printed token is a viewer's: no publishing").isEqualTo(403);
    }

    @Test
    void a_busy_port_is_reported_with_what_to_do_and_the_process_exits() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            run("--demo", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            awaitLine(Pattern.compile("Another program uses that port: .*--port"));
            assertThat(demo.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).isEqualTo(1);
        }
    }
}
