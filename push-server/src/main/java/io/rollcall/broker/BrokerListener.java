package io.rollcall.broker;

import io.rollcall.protocol.Update;

/**
 * Receives live updates from a {@link Broker}, per event in seq order. Called on a broker thread:
 * implementations must not block.
 */
public interface BrokerListener {
    void onUpdate(Update update);
}
