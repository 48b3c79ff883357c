package io.rollcall.testing;

import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerListener;
import io.rollcall.broker.Catchup;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link MemoryBroker} whose timing tests control: catch-up answers are held until
 * {@link #releaseCatchups()}, and chosen live updates can be lost on their way to the node (as
 * pub/sub messages are during a Redis reconnect) while staying in history.
 */
public final class GatedBroker implements Broker {
    private final MemoryBroker delegate = new MemoryBroker(1000, Clock.systemUTC());
    private final Queue<Runnable> heldCatchups = new ArrayDeque<>();
    private final Set<Long> lostSeqs = ConcurrentHashMap.newKeySet();
    private boolean holdCatchups;

    public void holdCatchups() {
        holdCatchups = true;
    }

    /** Answers held catch-ups, reading the broker's state now (after whatever was published meanwhile). */
    public void releaseCatchups() {
        holdCatchups = false;
        Runnable next;
        while ((next = heldCatchups.poll()) != null) {
            next.run();
        }
    }

    public void loseLiveUpdate(long seq) {
        lostSeqs.add(seq);
    }

    @Override
    public CompletableFuture<Void> start(BrokerListener listener) {
        return delegate.start(update -> {
            if (!lostSeqs.remove(update.getSeq())) {
                listener.onUpdate(update);
            }
        });
    }

    @Override
    public CompletableFuture<Update> publish(String eventId, AttendanceUpdate update) {
        return delegate.publish(eventId, update);
    }

    @Override
    public CompletableFuture<Void> subscribe(String eventId) {
        return delegate.subscribe(eventId);
    }

    @Override
    public void unsubscribe(String eventId) {
        delegate.unsubscribe(eventId);
    }

    @Override
    public CompletableFuture<Catchup> catchUp(String eventId, String epoch, long sinceSeq) {
        if (!holdCatchups) {
            return delegate.catchUp(eventId, epoch, sinceSeq);
        }
        CompletableFuture<Catchup> later = new CompletableFuture<>();
        heldCatchups.add(() -> delegate.catchUp(eventId, epoch, sinceSeq).thenAccept(later::complete));
        return later;
    }

    @Override
    public CompletableFuture<EventSnapshot> snapshot(String eventId) {
        return delegate.snapshot(eventId);
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
