package io.rollcall.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.transport.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoded pages of each event's latest snapshot, per encoding: a crowd subscribing to one
 * event (a connect storm, a reconnect after a drain) encodes its snapshot once per seq instead of
 * once per subscriber. A snapshot is the same for every subscriber at a given epoch and seq, and
 * carries no request id. The frames are immutable byte arrays shared by all loops; a newer
 * snapshot replaces an event's entry, and once the cached bytes pass the budget the cache starts
 * over, so events nobody watches any more cannot pile up. Thread-safe.
 */
public final class SnapshotFrames {
    /** Cached frame bytes past which the cache is emptied. */
    static final long DEFAULT_BUDGET_BYTES = 16L << 20;

    private record Key(String eventId, Encoding encoding) {}

    private record Entry(String epoch, long seq, List<byte[]> frames, long bytes) {}

    private final SnapshotWriter pages;
    private final long budgetBytes;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private long cachedBytes;

    SnapshotFrames(int pageSize, long budgetBytes) {
        this.pages = new SnapshotWriter(pageSize);
        this.budgetBytes = budgetBytes;
    }

    /** The complete WebSocket frames of {@code snapshot} in {@code encoding}, page by page. Callers must not modify them. */
    List<byte[]> frames(EventSnapshot snapshot, Encoding encoding) {
        Key key = new Key(snapshot.eventId(), encoding);
        Entry cached = entries.get(key);
        if (cached != null && cached.seq() == snapshot.seq() && cached.epoch().equals(snapshot.epoch())) {
            return cached.frames();
        }
        Entry fresh = encode(snapshot, encoding);
        remember(key, fresh);
        return fresh.frames();
    }

    private Entry encode(EventSnapshot snapshot, Encoding encoding) {
        List<byte[]> frames = new ArrayList<>();
        long[] bytes = {0};
        pages.write(snapshot, page -> {
            ByteBuf encoded = encoding.encode(ByteBufAllocator.DEFAULT, page.build());
            try {
                byte[] frame = ByteBufUtil.getBytes(encoded);
                bytes[0] += frame.length;
                frames.add(frame);
            } finally {
                encoded.release();
            }
        });
        return new Entry(snapshot.epoch(), snapshot.seq(), List.copyOf(frames), bytes[0]);
    }

    private synchronized void remember(Key key, Entry fresh) {
        if (fresh.bytes() > budgetBytes) {
            return;
        }
        Entry previous = entries.put(key, fresh);
        cachedBytes += fresh.bytes() - (previous == null ? 0 : previous.bytes());
        if (cachedBytes > budgetBytes) {
            entries.clear();
            entries.put(key, fresh);
            cachedBytes = fresh.bytes();
        }
    }

    /** Bytes of frames held, for tests. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }
}
