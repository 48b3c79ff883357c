package io.rollcall.broker;

import io.rollcall.protocol.Update;

/**
 * Receives live updates from a {@link Broker}. Called on a broker thread: implementations must not
 * block.
 */
public interface BrokerListener {
    /** A live update; per event usually in seq order, but a lossy link may skip or repeat some. */
    void onUpdate(Update update);

    /**
     * The broker re-established this node's subscription to the event after a connection loss;
     * updates published meanwhile were not delivered and must be fetched from history.
     */
    default void onResubscribed(String eventId) {}

    /** A connection to the broker was re-established after a loss (for metrics). */
    default void onReconnected() {}
}
