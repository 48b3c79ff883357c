package io.rollcall.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;

/**
 * One update and its final WebSocket frame bytes, encoded at most once per {@link Encoding} and
 * shared by every subscriber as retained duplicates. Reference counted: each holder (a loop task,
 * a catching-up subscription) retains it and releases when done. Thread-safe.
 */
public final class EncodedUpdate extends AbstractReferenceCounted {
    private static final Encoding[] ENCODINGS = Encoding.values();

    private final Update update;
    private final ByteBufAllocator alloc;
    private final ByteBuf[] frames = new ByteBuf[ENCODINGS.length];

    private EncodedUpdate(Update update, ByteBufAllocator alloc) {
        this.update = update;
        this.alloc = alloc;
    }

    /** Encodes the update eagerly in each encoding {@code wanted} says is in use. */
    public static EncodedUpdate of(Update update, ByteBufAllocator alloc, boolean[] wanted) {
        EncodedUpdate encoded = new EncodedUpdate(update, alloc);
        for (Encoding encoding : ENCODINGS) {
            if (wanted[encoding.ordinal()]) {
                encoded.frames[encoding.ordinal()] = encoding.encode(alloc, encoded.asServerFrame());
            }
        }
        return encoded;
    }

    public Update update() {
        return update;
    }

    ByteBufAllocator alloc() {
        return alloc;
    }

    public long seq() {
        return update.getSeq();
    }

    /**
     * The frame bytes in {@code encoding}, not retained: callers write a {@code retainedDuplicate()}.
     * Encodes on first use if no subscriber of that encoding existed at publish time (rare).
     */
    public ByteBuf frame(Encoding encoding) {
        ByteBuf frame = frames[encoding.ordinal()];
        return frame != null ? frame : encodeLate(encoding);
    }

    private synchronized ByteBuf encodeLate(Encoding encoding) {
        ByteBuf frame = frames[encoding.ordinal()];
        if (frame == null) {
            frame = encoding.encode(alloc, asServerFrame());
            frames[encoding.ordinal()] = frame;
        }
        return frame;
    }

    private ServerFrame asServerFrame() {
        return ServerFrame.newBuilder().setUpdate(update).build();
    }

    @Override
    protected synchronized void deallocate() {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] != null) {
                frames[i].release();
                frames[i] = null;
            }
        }
    }

    @Override
    public EncodedUpdate touch(Object hint) {
        return this;
    }

    @Override
    public EncodedUpdate retain() {
        super.retain();
        return this;
    }
}
