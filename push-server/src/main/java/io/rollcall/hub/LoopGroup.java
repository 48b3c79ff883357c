package io.rollcall.hub;

import io.netty.channel.EventLoop;
import io.rollcall.metrics.ServerMetrics;
import java.util.Arrays;

/**
 * A topic's subscribers that live on one event loop. A publish hands one task per group to the
 * loop, which only queues the update; one drain task per burst then offers everything queued to
 * each member as one {@link UpdateBatch} and flushes that member right away, so updates that pile
 * up on a busy loop cost each member one write and one flush together, and each member's state is
 * touched once per burst. Members are mutated and read only on {@link #loop}; {@link #size} is also
 * read by the publishing thread to skip empty groups.
 */
final class LoopGroup {
    final EventLoop loop;
    private TopicMember[] members = new TopicMember[8];
    private volatile int size;
    private final UpdateBatch pending = new UpdateBatch();
    private boolean drainScheduled;
    private final Runnable drainTask = this::drain;

    private final ServerMetrics metrics;

    LoopGroup(EventLoop loop, ServerMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    int size() {
        return size;
    }

    void add(TopicMember member) {
        int n = size;
        if (n == members.length) {
            members = Arrays.copyOf(members, n * 2);
        }
        members[n] = member;
        member.slot = n;
        size = n + 1;
    }

    void remove(TopicMember member) {
        int slot = member.slot;
        if (slot < 0 || slot >= size || members[slot] != member) {
            return;
        }
        int last = size - 1;
        TopicMember moved = members[last];
        members[slot] = moved;
        moved.slot = slot;
        members[last] = null;
        member.slot = -1;
        size = last;
    }

    /**
     * Runs on {@link #loop}: queues one update (taking over the task's reference) for the next
     * drain. Tasks already queued on the loop run before that drain, so a burst becomes one batch.
     */
    void deliver(EncodedUpdate update) {
        pending.add(update);
        if (!drainScheduled) {
            drainScheduled = true;
            loop.execute(drainTask);
        }
    }

    private void drain() {
        drainScheduled = false;
        try {
            TopicMember[] current = members;
            for (int i = 0, n = size; i < n; i++) {
                current[i].offer(pending);
                current[i].flush();
            }
            if (size > 0) {
                // Publish-to-written latency once per update and loop, never per member.
                for (int i = 0, n = pending.size(); i < n; i++) {
                    metrics.deliveredLive(pending.get(i).update());
                }
            }
        } finally {
            pending.clear();
        }
    }

    /** Runs on {@link #loop}: every member catches up from its own position. */
    void resyncAll() {
        TopicMember[] current = members;
        for (int i = 0, n = size; i < n; i++) {
            current[i].resync();
        }
    }
}
