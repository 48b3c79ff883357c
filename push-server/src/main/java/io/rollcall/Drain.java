package io.rollcall;

import io.netty.util.concurrent.EventExecutor;
import io.rollcall.config.ServerConfig.Operations;
import io.rollcall.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain of a node (docs/operations.md): after the load-balancer delay it stops accepting, then
 * sends {@code go_away} to the sessions in batches every {@link #BATCH_INTERVAL}, sized so all are
 * told within the spread window, each with a reconnect delay drawn uniformly from that window.
 * Completes when no session is left or the drain timeout passes. Steps run on {@code scheduler}.
 */
final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    static final Duration BATCH_INTERVAL = Duration.ofMillis(100);
    /** How long a told session may stay past its reconnect delay before the node closes it with 1001. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Operations settings;
    private final EventExecutor scheduler;
    private final Runnable stopAccepting;
    private final Supplier<List<Session>> sessions;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Sessions already told; scheduler thread only. */
    private final Set<Session> told = Collections.newSetFromMap(new IdentityHashMap<>());
    private long deadlineNanos;

    Drain(Operations settings, EventExecutor scheduler, Runnable stopAccepting, Supplier<List<Session>> sessions) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.stopAccepting = stopAccepting;
        this.sessions = sessions;
    }

    /** Starts the sequence; the future completes when the node may stop. */
    CompletableFuture<Void> start() {
        deadlineNanos = System.nanoTime() + settings.drainTimeout().toNanos();
        scheduler.schedule(this::tellSessions, settings.drainLbDelay().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> finish("drain timeout reached"), settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    private void tellSessions() {
        stopAccepting.run();
        List<Session> all = new ArrayList<>(sessions.get());
        long ticks = Math.max(1, settings.drainSpread().toMillis() / BATCH_INTERVAL.toMillis());
        int batchSize = (int) Math.max(1, (all.size() + ticks - 1) / ticks);
        log.info("draining: telling {} sessions to reconnect, {} every {} ms", all.size(), batchSize, BATCH_INTERVAL.toMillis());
        int batch = 0;
        for (int from = 0; from < all.size(); from += batchSize, batch++) {
            List<Session> slice = all.subList(from, Math.min(all.size(), from + batchSize));
            scheduler.schedule(() -> tell(slice), batch * BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        scheduler.schedule(this::checkDone, batch * BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tell(List<Session> batch) {
        int spreadMillis = (int) settings.drainSpread().toMillis();
        for (Session session : batch) {
            if (told.add(session)) {
                int reconnectAfter = spreadMillis == 0 ? 0 : ThreadLocalRandom.current().nextInt(spreadMillis);
                session.loop().execute(() -> session.goAway(reconnectAfter, CLOSE_GRACE));
            }
        }
    }

    /** After the last batch: tells sessions that arrived meanwhile, and finishes once none is left. */
    private void checkDone() {
        if (done.isDone()) {
            return;
        }
        List<Session> remaining = sessions.get();
        if (remaining.isEmpty()) {
            finish("all sessions closed");
            return;
        }
        tell(remaining);
        if (System.nanoTime() < deadlineNanos) {
            scheduler.schedule(this::checkDone, BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void finish(String why) {
        if (done.complete(null)) {
            log.info("drain finished: {}", why);
        }
    }
}
