package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.testing.RedisServer;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real headless Chromium (Debian {@code chromium}, driven by playwright-core from
 * {@code src/test/browser/dashboard-check.mjs}): live updates within a second, search and filter,
 * recovery of updates published while its node was down (two nodes on one Redis, so the outage
 * loses nothing), asking for a new token when it expires, and screenshots at phone, tablet and desktop sizes in
 * {@code target/screenshots/}.
 */
class DashboardBrowserIT {
    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String EVENT = "garden-wedding";
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;
    /** A large wedding: several snapshot pages, and enough rows that a full re-render per update would show. */
    private static final int SEEDED_GUESTS = 2000;
    private static final int SEED_BATCH = 100;
    private static RedisServer redis;

    @RegisterExtension
    final TestServer node = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, "dash:")
            .with(Setting.NODE_ID, "node-a").with(Setting.HEARTBEAT_INTERVAL, "2s").with(Setting.JWT_LEEWAY, "0s");

    @RegisterExtension
    final TestServer otherNode = new TestServer().with(Setting.REDIS, redis.uri()).with(Setting.REDIS_KEY_PREFIX, "dash:")
            .with(Setting.NODE_ID, "node-b");

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void the_dashboard_shows_updates_live_and_catches_up_after_its_node_restarts() throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("chromium is installed (test.sh installs it)").exists();
        installPlaywrightWhenMissing();
        seedGuests(SEEDED_GUESTS);

        Process script = start(new ProcessBuilder("node", "dashboard-check.mjs").directory(BROWSER_DIR.toFile()).redirectErrorStream(true));
        List<String> output = new ArrayList<>();
        CompletableFuture<Void> driven = CompletableFuture.runAsync(() -> drive(script, output));
        boolean finished = script.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            script.destroyForcibly();
        }
        driven.get(10, TimeUnit.SECONDS);
        output.forEach(line -> System.out.println("dashboard-check: " + line));
        assertThat(finished).as("the browser script finished in time; output:%n%s", String.join("\n", output)).isTrue();
        assertThat(script.exitValue()).as("browser script output:%n%s", String.join("\n", output)).isZero();
        assertThat(output).contains("dashboard checks passed");
        for (String name : List.of("phone-390x844", "tablet-820x1180", "desktop-1440x900")) {
            assertThat(SCREENSHOTS.resolve("dashboard-" + name + ".png")).isNotEmptyFile();
        }
    }

    /**
     * Reads the script's lines; on "STEP outage" stops the node, publishes through the other one,
     * restarts it; on "STEP short-token N" answers with a token that expires in N seconds.
     */
    private void drive(Process script, List<String> output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
                Writer answers = new java.io.OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.equals("STEP outage")) {
                    int port = node.server().port();
                    node.stop();
                    for (int i = 1; i <= 3; i++) {
                        assertThat(otherNode.publish(Tokens.publish("usher", EVENT), EVENT,
                                "{\"guestId\":\"outage-" + i + "\",\"guestName\":\"Late Guest " + i
                                        + "\",\"status\":\"CHECKED_IN\",\"pax\":2,\"table\":\"12\"}").statusCode()).isEqualTo(200);
                    }
                    node.with(Setting.PORT, String.valueOf(port)).start();
                    answers.write("DONE\n");
                    answers.flush();
                } else if (line.startsWith("STEP short-token ")) {
                    long seconds = Long.parseLong(line.substring("STEP short-token ".length()));
                    answers.write("DONE " + Tokens.sign(Tokens.SECRET, "host", List.of(EVENT), null, Instant.now().plusSeconds(seconds)) + "\n");
                    answers.flush();
                }
            }
        } catch (Exception e) {
            synchronized (output) {
                output.add("IT driver failed: " + e);
            }
        }
    }

    private void seedGuests(int count) throws Exception {
        String[] names = {"Amelia Garcia", "Noah Nguyen", "Sofia Rossi", "Kenji Tanaka", "Aisha Okafor", "Lucas Dubois", "Maya Patel",
            "Elias Johansson", "Zara Haddad", "Felix Müller"};
        GuestStatus[] statuses = {GuestStatus.ATTENDING, GuestStatus.ATTENDING, GuestStatus.CHECKED_IN, GuestStatus.MAYBE,
            GuestStatus.DECLINED, GuestStatus.INVITED};
        // In bounded batches: thousands of FCALLs at once would queue past Lettuce's command timeout.
        List<CompletableFuture<?>> published = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            published.add(node.broker().publish(EVENT, AttendanceUpdate.newBuilder().setGuestId(String.format("seed-%04d", i))
                    .setGuestName(names[i % names.length] + " " + i).setStatus(statuses[i % statuses.length]).setPax(1 + i % 4)
                    .setTable(String.valueOf(1 + i % 30)).build()));
            if (published.size() == SEED_BATCH || i == count) {
                CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                published.clear();
            }
        }
    }

    private Process start(ProcessBuilder builder) throws IOException {
        builder.environment().put("BASE_URL", "http://127.0.0.1:" + node.server().port());
        builder.environment().put("EVENT_ID", EVENT);
        builder.environment().put("SEEDED_GUESTS", String.valueOf(SEEDED_GUESTS));
        builder.environment().put("VIEWER_TOKEN", Tokens.watch("host", EVENT));
        builder.environment().put("PUBLISH_TOKEN", Tokens.publish("usher", EVENT));
        builder.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString());
        return builder.start();
    }

    /** {@code npm ci} from the committed lock file, once per checkout. */
    private static void installPlaywrightWhenMissing() throws Exception {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(BROWSER_DIR.toFile()).inheritIO().start();
        assertThat(npm.waitFor(120, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci exit code").isZero();
    }
}
