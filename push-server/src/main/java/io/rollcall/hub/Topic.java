package io.rollcall.hub;

import io.netty.channel.EventLoop;
import io.rollcall.metrics.ServerMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One event's local subscribers, grouped per event loop, and this node's broker subscription for
 * it. Thread-safe: groups are copy-on-write (added rarely, read on every publish); membership
 * counting is guarded by the hub's map.
 */
final class Topic {
    final String eventId;
    /** Completes when the broker delivers this event's live updates to the hub. */
    final CompletableFuture<Void> ready;
    /** Members per encoding, so a publish encodes only what someone reads. */
    private final AtomicIntegerArray membersByEncoding;
    private volatile LoopGroup[] groups = new LoopGroup[0];
    private final ServerMetrics metrics;
    /** Members on all loops; changed only inside the hub map's compute for this key. */
    int refCount;
    /** Orders live updates before fan-out; set once right after construction. */
    TopicSequencer sequencer;

    Topic(String eventId, CompletableFuture<Void> ready, int encodings, ServerMetrics metrics) {
        this.metrics = metrics;
        this.eventId = eventId;
        this.ready = ready;
        this.membersByEncoding = new AtomicIntegerArray(encodings);
    }

    /** Asks every member to catch up from its own position (on its loop). */
    void resyncMembers() {
        for (LoopGroup group : groups) {
            group.loop.execute(group::resyncAll);
        }
    }

    LoopGroup[] groups() {
        return groups;
    }

    LoopGroup group(EventLoop loop) {
        for (LoopGroup group : groups) {
            if (group.loop == loop) {
                return group;
            }
        }
        synchronized (this) {
            for (LoopGroup group : groups) {
                if (group.loop == loop) {
                    return group;
                }
            }
            LoopGroup created = new LoopGroup(loop, metrics);
            LoopGroup[] grown = java.util.Arrays.copyOf(groups, groups.length + 1);
            grown[groups.length] = created;
            groups = grown;
            return created;
        }
    }

    void countEncoding(int ordinal, int delta) {
        membersByEncoding.addAndGet(ordinal, delta);
    }

    boolean[] encodingsInUse() {
        boolean[] wanted = new boolean[membersByEncoding.length()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = membersByEncoding.get(i) > 0;
        }
        return wanted;
    }
}
