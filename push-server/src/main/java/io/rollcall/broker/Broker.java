package io.rollcall.broker;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import java.util.concurrent.CompletableFuture;

/**
 * Sequences, stores and distributes attendance updates (DESIGN §4–5). Implementations are
 * thread-safe and never block the caller on I/O; results complete on a broker thread, so callers
 * hop back to their own event loop before touching channel state.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivery of live updates of subscribed events to {@code listener}. */
    CompletableFuture<Void> start(BrokerListener listener);

    /**
     * Assigns the next seq of the event, applies the (validated) update to the event's state,
     * appends it to history and publishes it. Completes with the envelope as delivered.
     */
    CompletableFuture<Update> publish(String eventId, AttendanceUpdate update);

    /**
     * Registers this node for live updates of the event. Completes once updates published after
     * that moment are guaranteed to reach the listener; idempotent per event.
     */
    CompletableFuture<Void> subscribe(String eventId);

    /** Stops live updates of the event on this node. */
    void unsubscribe(String eventId);

    /**
     * What a client at {@code (epoch, sinceSeq)} needs to be exact: the missed updates if history
     * still holds them under that epoch, otherwise the current snapshot. An empty epoch means the
     * client has no position.
     */
    CompletableFuture<Catchup> catchUp(String eventId, String epoch, long sinceSeq);

    /** The event's current state. */
    CompletableFuture<EventSnapshot> snapshot(String eventId);

    /** Whether the broker can currently serve (used by readiness). */
    boolean isConnected();

    @Override
    void close();
}
