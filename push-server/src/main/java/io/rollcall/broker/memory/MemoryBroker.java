package io.rollcall.broker.memory;

import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerListener;
import io.rollcall.broker.Catchup;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded broker: every event's log lives in this process. Live updates are delivered on the
 * publishing thread, in seq order per event. Thread-safe.
 */
public final class MemoryBroker implements Broker {
    private final ConcurrentHashMap<String, EventLog> events = new ConcurrentHashMap<>();
    private final int historySize;
    private final Clock clock;
    private volatile BrokerListener listener = update -> {};

    public MemoryBroker(int historySize, Clock clock) {
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize: " + historySize + " (expected: >= 1)");
        }
        this.historySize = historySize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<Void> start(BrokerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Update> publish(String eventId, AttendanceUpdate update) {
        EventLog log = events.computeIfAbsent(eventId, id -> new EventLog(id, historySize));
        return CompletableFuture.completedFuture(log.append(update, clock.millis(), listener::onUpdate));
    }

    @Override
    public CompletableFuture<Void> subscribe(String eventId) {
        // Every publish reaches the listener already; nothing to register.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(String eventId) {}

    @Override
    public CompletableFuture<Catchup> catchUp(String eventId, String epoch, long sinceSeq) {
        EventLog log = events.get(eventId);
        Catchup result = log != null ? log.catchUp(epoch, sinceSeq) : new Catchup.Reset(EventSnapshot.empty(eventId));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<EventSnapshot> snapshot(String eventId) {
        EventLog log = events.get(eventId);
        return CompletableFuture.completedFuture(log != null ? log.snapshot() : EventSnapshot.empty(eventId));
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
        events.clear();
    }
}
