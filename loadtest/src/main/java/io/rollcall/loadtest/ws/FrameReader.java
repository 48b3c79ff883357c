package io.rollcall.loadtest.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.rollcall.protocol.ServerFrame;

/**
 * Reads server frames of one subprotocol. {@link #read} is the per-delivery path: it finds the
 * frame's kind and, for an update, its {@code seq}, epoch and {@code attendance.occurred_at}
 * without building messages. {@link #parse} builds the full message, for control frames (once or
 * a few times per client). Not thread-safe: one instance per event loop.
 */
interface FrameReader {
    /** Kinds: the {@code ServerFrame.kind} oneof's field numbers. */
    int KIND_NONE = 0;
    int KIND_CONNECTED = 10;
    int KIND_SUBSCRIBED = 11;
    int KIND_SNAPSHOT = 12;
    int KIND_UPDATE = 13;
    int KIND_ERROR = 14;
    int KIND_GO_AWAY = 15;
    int KIND_PONG = 16;
    int KIND_UNSUBSCRIBED = 17;
    int KIND_REFRESHED = 18;

    /**
     * Reads the payload at {@code buf} bytes {@code [from, to)} and returns its kind
     * ({@link #KIND_NONE} if it has none). After {@link #KIND_UPDATE}, the accessors describe the
     * update. The buffer's indices are left alone.
     */
    int read(ByteBuf buf, int from, int to) throws InvalidProtocolBufferException;

    /** The last update's seq (0 when absent). */
    long seq();

    /** Whether the last update carried {@code attendance.occurred_at}. */
    boolean hasOccurredAt();

    long occurredSeconds();

    int occurredNanos();

    /**
     * The last update's epoch, decoded from {@code buf} (the buffer {@link #read} was given, still
     * unchanged); "" when absent, null when only a full parse can tell (an escaped JSON string).
     */
    String epoch(ByteBuf buf);

    /** The whole frame at {@code buf} bytes {@code [from, to)}. */
    ServerFrame parse(ByteBuf buf, int from, int to) throws InvalidProtocolBufferException;
}
