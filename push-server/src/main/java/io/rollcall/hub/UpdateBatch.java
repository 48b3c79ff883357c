package io.rollcall.hub;

import io.netty.buffer.ByteBuf;
import io.rollcall.transport.Encoding;
import java.util.ArrayList;

/**
 * The live updates of one topic that reached one event loop before it could deliver them, in seq
 * order. When they follow each other without a gap, {@link #frame} concatenates their frames once
 * per encoding, so a subscriber at the batch's start takes them all in one write and one flush: under
 * load the per-subscriber cost is paid per batch, not per update, and the batch grows with the load.
 * Event loop only (one instance per {@link LoopGroup}, reused).
 */
public final class UpdateBatch {
    private static final Encoding[] ENCODINGS = Encoding.values();

    private final ArrayList<EncodedUpdate> updates = new ArrayList<>();
    private final ByteBuf[] concatenated = new ByteBuf[ENCODINGS.length];
    private boolean contiguous = true;

    UpdateBatch() {}

    /** Takes over the caller's reference to the update. */
    void add(EncodedUpdate update) {
        if (!updates.isEmpty()) {
            EncodedUpdate last = last();
            contiguous &= update.seq() == last.seq() + 1 && update.update().getEpoch().equals(last.update().getEpoch());
        }
        updates.add(update);
    }

    public int size() {
        return updates.size();
    }

    public EncodedUpdate get(int index) {
        return updates.get(index);
    }

    public EncodedUpdate first() {
        return updates.get(0);
    }

    public EncodedUpdate last() {
        return updates.get(updates.size() - 1);
    }

    /** Whether every update is the one after its predecessor in the same epoch. */
    public boolean isContiguous() {
        return contiguous;
    }

    /**
     * The frames of every update in order, as one buffer; not retained: callers write a
     * {@code retainedDuplicate()}. Only for a {@link #isContiguous contiguous} batch.
     */
    public ByteBuf frame(Encoding encoding) {
        if (updates.size() == 1) {
            return first().frame(encoding);
        }
        ByteBuf frames = concatenated[encoding.ordinal()];
        if (frames == null) {
            int length = 0;
            for (EncodedUpdate update : updates) {
                length += update.frame(encoding).readableBytes();
            }
            frames = first().alloc().directBuffer(length);
            for (EncodedUpdate update : updates) {
                // Index-based: the frame is shared with other loops, its reader index must not move.
                ByteBuf frame = update.frame(encoding);
                frames.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
            }
            concatenated[encoding.ordinal()] = frames;
        }
        return frames;
    }

    /** Releases the updates and the concatenated frames; the batch is empty again. */
    void clear() {
        for (EncodedUpdate update : updates) {
            update.release();
        }
        updates.clear();
        for (int i = 0; i < concatenated.length; i++) {
            if (concatenated[i] != null) {
                concatenated[i].release();
                concatenated[i] = null;
            }
        }
        contiguous = true;
    }
}
