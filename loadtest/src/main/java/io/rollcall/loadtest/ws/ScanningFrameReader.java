package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBuf;

/**
 * What both wire readers keep of the frame being scanned: the bytes, the cursor, and the update's
 * {@code seq}, epoch byte range and occurred-at time. Not thread-safe: one instance per event loop.
 */
abstract class ScanningFrameReader implements FrameReader {
    protected ByteBuf buf;
    protected int pos;
    protected int limit;

    protected long seq;
    protected int epochFrom;
    protected int epochLength;
    protected boolean hasOccurredAt;
    protected long occurredSeconds;
    protected int occurredNanos;

    /** Points the reader at {@code frames} bytes {@code [from, to)} and forgets the last update. */
    protected final void start(ByteBuf frames, int from, int to) {
        buf = frames;
        pos = from;
        limit = to;
        seq = 0;
        epochLength = 0;
        hasOccurredAt = false;
        occurredSeconds = 0;
        occurredNanos = 0;
    }

    @Override
    public final long seq() {
        return seq;
    }

    @Override
    public final boolean hasOccurredAt() {
        return hasOccurredAt;
    }

    @Override
    public final long occurredSeconds() {
        return occurredSeconds;
    }

    @Override
    public final int occurredNanos() {
        return occurredNanos;
    }
}
