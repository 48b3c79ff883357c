package io.rollcall.broker;

import io.rollcall.broker.memory.MemoryBroker;
import java.time.Clock;

/** The broker contract against the embedded memory broker. */
class MemoryBrokerContractIT extends BrokerContract {

    @Override
    protected Broker newBroker(int historySize) {
        return new MemoryBroker(historySize, Clock.systemUTC());
    }

    /** A single node: every publish reaches the listener, subscribed or not. */
    @Override
    protected boolean deliversOnlySubscribedEvents() {
        return false;
    }
}
