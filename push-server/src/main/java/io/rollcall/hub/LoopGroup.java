package io.rollcall.hub;

import io.netty.channel.EventLoop;
import java.util.Arrays;

/**
 * A topic's subscribers that live on one event loop. A publish hands one task per group to the
 * loop; that task offers the update to every member and one flush task per burst flushes them, so
 * consecutive updates queued on a busy loop share a flush. Members are mutated and read only on
 * {@link #loop}; {@link #size} is also read by the publishing thread to skip empty groups.
 */
final class LoopGroup {
    final EventLoop loop;
    private TopicMember[] members = new TopicMember[8];
    private volatile int size;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushAll;

    LoopGroup(EventLoop loop) {
        this.loop = loop;
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

    /** Runs on {@link #loop}: delivers one update to every member, then releases the task's reference. */
    void deliver(EncodedUpdate update) {
        try {
            TopicMember[] current = members;
            for (int i = 0, n = size; i < n; i++) {
                current[i].offer(update);
            }
        } finally {
            update.release();
        }
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
    }

    /** Runs on {@link #loop}: every member catches up from its own position. */
    void resyncAll() {
        TopicMember[] current = members;
        for (int i = 0, n = size; i < n; i++) {
            current[i].resync();
        }
    }

    private void flushAll() {
        flushScheduled = false;
        TopicMember[] current = members;
        for (int i = 0, n = size; i < n; i++) {
            current[i].flush();
        }
    }
}
