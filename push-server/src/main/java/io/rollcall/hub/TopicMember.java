package io.rollcall.hub;

import io.netty.channel.EventLoop;
import io.rollcall.transport.Encoding;

/**
 * What the hub needs of a local subscriber of one event. All methods are called on {@link #loop()}.
 */
public abstract class TopicMember {
    /** Position in its {@link LoopGroup}, for O(1) removal; owned by the group. */
    int slot = -1;

    /** The event loop of the subscriber's channel; deliveries to it run there. */
    public abstract EventLoop loop();

    public abstract Encoding encoding();

    /** Takes one live update in seq order. Must not release it; retain to keep it. */
    public abstract void offer(EncodedUpdate update);

    /**
     * Takes the live updates that reached the loop together, in seq order; by default one by one.
     * Must not release them; retain to keep one.
     */
    public void offer(UpdateBatch batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            offer(batch.get(i));
        }
    }

    /** Flushes what {@link #offer} wrote. */
    public abstract void flush();

    /** Catches up from its own position (the node lost track of the event's live updates). */
    public abstract void resync();
}
