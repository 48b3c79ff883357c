package io.rollcall.loadtest.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.rollcall.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields the load generator needs straight from the protobuf bytes of a
 * {@code ServerFrame}, without building messages: the frame's kind and, for an update, its
 * {@code seq}, epoch (as a byte range, decoded on demand) and {@code attendance.occurred_at}.
 * Everything else is skipped by wire type. Works on heap and direct buffers, allocates nothing and
 * leaves the buffer's indices alone (the same job as a {@code CodedInputStream} walk, minus the
 * stream object and the NIO view a direct buffer would need per frame). Field numbers are those of {@code rollcall/v1/frames.proto}.
 * Not thread-safe: one instance per event loop.
 */
public final class ServerFrameReader extends ScanningFrameReader {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_FIXED32 = 5;

    private static final int UPDATE_EPOCH = 2;
    private static final int UPDATE_SEQ = 3;
    private static final int UPDATE_ATTENDANCE = 6;
    private static final int ATTENDANCE_OCCURRED_AT = 6;
    private static final int TIMESTAMP_SECONDS = 1;
    private static final int TIMESTAMP_NANOS = 2;

    /**
     * Reads one frame's payload (from its reader index to its writer index) and returns its kind
     * ({@link #KIND_NONE} if it has none). For {@link #KIND_UPDATE}, {@link #seq()} and the
     * occurred-at accessors describe it afterwards.
     */
    public int read(ByteBuf payload) throws InvalidProtocolBufferException {
        return read(payload, payload.readerIndex(), payload.writerIndex());
    }

    /** Like {@link #read(ByteBuf)}, for the payload at {@code buf} bytes {@code [from, to)}. */
    @Override
    public int read(ByteBuf frames, int from, int to) throws InvalidProtocolBufferException {
        start(frames, from, to);
        try {
            int kind = KIND_NONE;
            while (pos < limit) {
                int tag = readTag();
                int field = tag >>> 3;
                int wire = tag & 7;
                if (field == KIND_UPDATE && wire == WIRE_LEN) {
                    int end = messageEnd();
                    readUpdate(end);
                    // The server writes an update frame as just this field; request_id is 0.
                    return KIND_UPDATE;
                }
                if (field >= KIND_CONNECTED && field <= KIND_REFRESHED && wire == WIRE_LEN) {
                    kind = field;
                }
                skip(wire);
            }
            return kind;
        } finally {
            buf = null;
        }
    }

    @Override
    public String epoch(ByteBuf frames) {
        return epochLength == 0 ? "" : frames.toString(epochFrom, epochLength, StandardCharsets.UTF_8);
    }

    @Override
    public ServerFrame parse(ByteBuf frames, int from, int to) throws InvalidProtocolBufferException {
        return ServerFrame.parseFrom(frames.nioBuffer(from, to - from));
    }

    private void readUpdate(int end) throws InvalidProtocolBufferException {
        int outer = limit;
        limit = end;
        boolean seenSeq = false;
        boolean seenAttendance = false;
        while (pos < limit && !(seenSeq && seenAttendance)) {
            int tag = readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == UPDATE_EPOCH && wire == WIRE_LEN) {
                int epochEnd = messageEnd();
                epochFrom = pos;
                epochLength = epochEnd - pos;
                pos = epochEnd;
            } else if (field == UPDATE_SEQ && wire == WIRE_VARINT) {
                seq = readVarint();
                seenSeq = true;
            } else if (field == UPDATE_ATTENDANCE && wire == WIRE_LEN) {
                readAttendance(messageEnd());
                seenAttendance = true;
            } else {
                skip(wire);
            }
        }
        // Nothing after seq and attendance matters here (counts, ...): jump over it.
        pos = end;
        limit = outer;
    }

    private void readAttendance(int end) throws InvalidProtocolBufferException {
        int outer = limit;
        limit = end;
        while (pos < limit) {
            int tag = readTag();
            if (tag >>> 3 == ATTENDANCE_OCCURRED_AT && (tag & 7) == WIRE_LEN) {
                readTimestamp(messageEnd());
            } else {
                skip(tag & 7);
            }
        }
        limit = outer;
    }

    private void readTimestamp(int end) throws InvalidProtocolBufferException {
        int outer = limit;
        limit = end;
        long seconds = 0;
        int nanos = 0;
        while (pos < limit) {
            int tag = readTag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == TIMESTAMP_SECONDS && wire == WIRE_VARINT) {
                seconds = readVarint();
            } else if (field == TIMESTAMP_NANOS && wire == WIRE_VARINT) {
                nanos = (int) readVarint();
            } else {
                skip(wire);
            }
        }
        limit = outer;
        // proto3 "last one wins" for a repeated occurrence of the field, as in the generated parser.
        hasOccurredAt = true;
        occurredSeconds = seconds;
        occurredNanos = nanos;
    }

    private int readTag() throws InvalidProtocolBufferException {
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > 0xFFFF_FFFFL) {
            throw new InvalidProtocolBufferException("invalid tag " + tag + " at offset " + pos);
        }
        return (int) tag;
    }

    /** Reads a length prefix and returns where the delimited bytes end. */
    private int messageEnd() throws InvalidProtocolBufferException {
        long length = readVarint();
        if (length < 0 || length > limit - pos) {
            throw new InvalidProtocolBufferException("truncated message: length " + length + ", " + (limit - pos) + " bytes left");
        }
        return pos + (int) length;
    }

    private void skip(int wire) throws InvalidProtocolBufferException {
        switch (wire) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> advance(8);
            case WIRE_LEN -> pos = messageEnd();
            case WIRE_FIXED32 -> advance(4);
            default -> throw new InvalidProtocolBufferException("unsupported wire type " + wire + " at offset " + pos);
        }
    }

    private void advance(int n) throws InvalidProtocolBufferException {
        if (n > limit - pos) {
            throw new InvalidProtocolBufferException("truncated field: " + n + " bytes wanted, " + (limit - pos) + " left");
        }
        pos += n;
    }

    private long readVarint() throws InvalidProtocolBufferException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new InvalidProtocolBufferException("truncated varint at offset " + pos);
            }
            byte b = buf.getByte(pos++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new InvalidProtocolBufferException("malformed varint at offset " + pos);
    }
}
