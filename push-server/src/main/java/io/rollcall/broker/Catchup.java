package io.rollcall.broker;

import io.rollcall.protocol.Update;
import java.util.List;

/** The answer to {@link Broker#catchUp}: either the missed updates or a fresh snapshot. */
public sealed interface Catchup {

    String epoch();

    long seq();

    /** History still covers the position: these are the updates after it, in order. */
    record Replay(String epoch, long seq, List<Update> updates) implements Catchup {
        public Replay {
            updates = List.copyOf(updates);
        }
    }

    /** The position is unknown, too old or from another epoch: start over from this snapshot. */
    record Reset(EventSnapshot snapshot) implements Catchup {
        @Override
        public String epoch() {
            return snapshot.epoch();
        }

        @Override
        public long seq() {
            return snapshot.seq();
        }
    }
}
