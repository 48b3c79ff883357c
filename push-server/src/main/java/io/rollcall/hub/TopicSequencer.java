package io.rollcall.hub;

import io.rollcall.broker.Broker;
import io.rollcall.broker.Catchup;
import io.rollcall.protocol.Update;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one event's live updates in order before they fan out: drops repeats, and when an update
 * skips ahead (a pub/sub message lost during a reconnect) or the broker resubscribed, fetches the
 * missing range from history once for the whole node, holding later updates until it arrives.
 * Thread-safe: ordering and the hand-off to fan-out run under this object's lock, so updates leave
 * in order whichever thread brings them; history is fetched outside it (brokers may deliver while
 * holding their own locks).
 */
final class TopicSequencer {
    private final String eventId;
    private final Broker broker;
    private final Consumer<Update> out;
    private final Runnable resyncMembers;
    private final TreeMap<Long, Update> held = new TreeMap<>();
    private String epoch = "";
    private long lastSeq = -1;
    private boolean filling;

    /** A history fetch to start once the lock is released. */
    private record Fill(String epoch, long fromSeq) {}

    TopicSequencer(String eventId, Broker broker, Consumer<Update> out, Runnable resyncMembers) {
        this.eventId = eventId;
        this.broker = broker;
        this.out = out;
        this.resyncMembers = resyncMembers;
    }

    void accept(Update update) {
        start(sequence(update));
    }

    /** After the broker resubscribed: whatever was published meanwhile comes from history. */
    void resubscribed() {
        Fill fill;
        synchronized (this) {
            if (filling) {
                return;
            }
            if (lastSeq < 0) {
                // No position known for the node: each subscriber catches up from its own.
                resyncMembers.run();
                return;
            }
            fill = beginFill();
        }
        start(fill);
    }

    private synchronized Fill sequence(Update update) {
        if (filling) {
            if (update.getEpoch().equals(epoch)) {
                held.put(update.getSeq(), update);
            } else {
                emit(update);
            }
            return null;
        }
        if (lastSeq >= 0 && update.getEpoch().equals(epoch)) {
            if (update.getSeq() <= lastSeq) {
                return null;
            }
            if (update.getSeq() > lastSeq + 1) {
                held.put(update.getSeq(), update);
                return beginFill();
            }
        }
        // The next update, the first this node sees, or a new epoch (subscribers reset themselves).
        emit(update);
        return null;
    }

    private Fill beginFill() {
        filling = true;
        return new Fill(epoch, lastSeq);
    }

    private void start(Fill fill) {
        if (fill != null) {
            broker.catchUp(eventId, fill.epoch(), fill.fromSeq()).whenComplete((catchup, error) -> start(filled(fill, catchup)));
        }
    }

    private synchronized Fill filled(Fill fill, Catchup catchup) {
        filling = false;
        if (catchup instanceof Catchup.Replay replay && replay.epoch().equals(fill.epoch())) {
            for (Update update : replay.updates()) {
                if (update.getSeq() == lastSeq + 1) {
                    emit(update);
                }
            }
        } else {
            // History cannot fill the gap (lost, or the broker failed): subscribers catch up on their own.
            resyncMembers.run();
        }
        Fill next = null;
        while (!held.isEmpty() && next == null) {
            Update update = held.pollFirstEntry().getValue();
            if (update.getSeq() > lastSeq) {
                next = sequence(update);
            }
        }
        return next;
    }

    private void emit(Update update) {
        epoch = update.getEpoch();
        lastSeq = update.getSeq();
        out.accept(update);
    }
}
