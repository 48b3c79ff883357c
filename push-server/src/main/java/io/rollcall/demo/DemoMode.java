package io.rollcall.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rollcall.attendance.UpdateValidator;
import io.rollcall.broker.Broker;
import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceUpdate;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the demo wedding into the broker: publishes the guest list, then one RSVP or check-in at
 * a time (a few per second at the peak), looping round after round. Publishes run on one daemon
 * thread, each after the previous one completed, so the demo never floods the node.
 * Thread-safe.
 */
public final class DemoMode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);
    public static final String EVENT_ID = "demo-wedding";
    public static final int PARTIES = 240;
    public static final Duration VIEWER_TOKEN_TTL = Duration.ofHours(24);
    private static final Duration PAUSE_BETWEEN_ROUNDS = Duration.ofSeconds(20);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    private final Broker broker;
    private final Clock clock;
    private final DemoScript script;
    private final ScheduledExecutorService player = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollcall-demo");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private DemoMode(Broker broker, Clock clock, long seed) {
        this.broker = broker;
        this.clock = clock;
        this.script = new DemoScript(DemoGuests.invite(PARTIES, seed), seed);
    }

    /** Publishes the guest list and starts the stream; completes when the guest list is in. */
    public static CompletableFuture<DemoMode> start(Broker broker, Clock clock) {
        DemoMode demo = new DemoMode(broker, clock, clock.millis());
        return demo.publishAll(demo.script.opening()).thenApply(ignored -> {
            demo.schedule(demo.script.pause());
            return demo;
        });
    }

    /** A token that may watch the demo event only (no publish scope). */
    public static String viewerToken(String secret) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("demo-viewer").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(VIEWER_TOKEN_TTL))).claim("events", List.of(EVENT_ID)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the demo token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The page address with the token in the fragment, which browsers never send to the server. */
    public static String dashboardUrl(boolean tls, String host, int port, String token) {
        return (tls ? "https://" : "http://") + host + ":" + port + "/events/" + EVENT_ID + "#token=" + token;
    }

    /**
     * Fills what {@code --demo} needs and the user did not set: a random dev secret (so a bare
     * {@code --demo} starts) and a free admin port (so only the public port can be busy).
     */
    public static void applyDefaults(Map<Setting, String> raw) {
        if (!raw.getOrDefault(Setting.DEMO, "false").trim().equals("true")) {
            return;
        }
        if (raw.getOrDefault(Setting.JWT_SECRET, "").isEmpty()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            raw.put(Setting.JWT_SECRET, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        raw.putIfAbsent(Setting.ADMIN_PORT, "0");
    }

    /** What the demo prints once it plays: where to look. */
    public static String banner(String url) {
        return String.join(System.lineSeparator(), "",
                "  rollcall demo: a wedding with " + PARTIES + " parties; RSVPs and check-ins stream in, round after round.",
                "  Open the live dashboard (phone, tablet or desktop):",
                "",
                "    " + url,
                "",
                "  The token in the link may only watch " + EVENT_ID + " and expires in " + VIEWER_TOKEN_TTL.toHours() + " h. Ctrl-C stops.",
                "");
    }

    private CompletableFuture<Void> publishAll(List<AttendanceUpdate> updates) {
        CompletableFuture<?>[] published = updates.stream()
                .map(update -> broker.publish(EVENT_ID, UpdateValidator.validate(update))).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(published);
    }

    private void schedule(Duration delay) {
        if (!closed) {
            player.schedule(this::step, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Player thread only (the script is not thread-safe); publish completions just schedule the next step. */
    private void step() {
        AttendanceUpdate next = script.next(clock.instant());
        if (next == null) {
            log.info("demo: round {} is over; the next starts in {} s", script.round() + 1, PAUSE_BETWEEN_ROUNDS.toSeconds());
            player.schedule(this::startNextRound, PAUSE_BETWEEN_ROUNDS.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Duration pause = script.pause();
        broker.publish(EVENT_ID, UpdateValidator.validate(next)).whenComplete((done, error) -> afterPublish(error, pause));
    }

    private void startNextRound() {
        List<AttendanceUpdate> reset = script.nextRound(clock.instant());
        Duration pause = script.pause();
        publishAll(reset).whenComplete((done, error) -> afterPublish(error, pause));
    }

    private void afterPublish(Throwable error, Duration pause) {
        if (error != null && !closed) {
            log.warn("demo: publish failed ({}); trying again shortly", error.toString());
            schedule(RETRY_AFTER_FAILURE);
            return;
        }
        schedule(pause);
    }

    @Override
    public void close() {
        closed = true;
        player.shutdownNow();
    }
}
