package io.rollcall.loadtest.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.rollcall.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * The {@code rollcall.v1.json} counterpart of {@link ServerFrameReader}: finds a frame's kind and,
 * for an update, its {@code seq}, epoch and {@code attendance.occurredAt} by scanning the UTF-8
 * bytes once, skipping every other value (strings with their escapes, nested objects and arrays)
 * without building anything. The kind is the first member that is not {@code requestId} (the
 * oneof is the frame's last field), so a control frame is not scanned past its kind; the rest of
 * an update (counts, ...) is skipped once seq and attendance are read. Accepts the canonical
 * mapping's forms: 64-bit integers as strings or numbers, RFC 3339 timestamps with 0..9 fraction
 * digits and {@code Z} or an offset, optional whitespace. Allocates nothing per update.
 * Not thread-safe: one instance per event loop.
 */
final class JsonFrameReader extends ScanningFrameReader {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final byte[][] KIND_NAMES = new byte[KIND_REFRESHED + 1][];
    private static final byte[] GO_AWAY_PROTO_NAME = ascii("go_away");
    private static final byte[] EPOCH = ascii("epoch");
    private static final byte[] SEQ = ascii("seq");
    private static final byte[] ATTENDANCE = ascii("attendance");
    private static final byte[] OCCURRED_AT = ascii("occurredAt");

    static {
        KIND_NAMES[KIND_CONNECTED] = ascii("connected");
        KIND_NAMES[KIND_SUBSCRIBED] = ascii("subscribed");
        KIND_NAMES[KIND_SNAPSHOT] = ascii("snapshot");
        KIND_NAMES[KIND_UPDATE] = ascii("update");
        KIND_NAMES[KIND_ERROR] = ascii("error");
        KIND_NAMES[KIND_GO_AWAY] = ascii("goAway");
        KIND_NAMES[KIND_PONG] = ascii("pong");
        KIND_NAMES[KIND_UNSUBSCRIBED] = ascii("unsubscribed");
        KIND_NAMES[KIND_REFRESHED] = ascii("refreshed");
    }

    /** The last key read: bytes {@code [keyFrom, keyTo)}. */
    private int keyFrom;
    private int keyTo;

    private boolean epochEscaped;

    @Override
    public int read(ByteBuf frames, int from, int to) throws InvalidProtocolBufferException {
        start(frames, from, to);
        epochEscaped = false;
        try {
            expect('{');
            if (peek() == '}') {
                return KIND_NONE;
            }
            do {
                readKey();
                int kind = kindOfKey();
                if (kind == KIND_UPDATE) {
                    readUpdate();
                    return KIND_UPDATE;
                }
                if (kind != KIND_NONE) {
                    return kind;
                }
                skipValue();
            } while (nextMember());
            return KIND_NONE;
        } finally {
            buf = null;
        }
    }

    @Override
    public String epoch(ByteBuf frames) {
        if (epochEscaped) {
            return null;
        }
        return epochLength == 0 ? "" : frames.toString(epochFrom, epochLength, StandardCharsets.UTF_8);
    }

    @Override
    public ServerFrame parse(ByteBuf frames, int from, int to) throws InvalidProtocolBufferException {
        ServerFrame.Builder builder = ServerFrame.newBuilder();
        try {
            PARSER.merge(frames.toString(from, to - from, StandardCharsets.UTF_8), builder);
        } catch (RuntimeException e) {
            // Gson reports some malformed documents unchecked.
            throw new InvalidProtocolBufferException("invalid JSON: " + e.getMessage());
        }
        return builder.build();
    }

    private void readUpdate() throws InvalidProtocolBufferException {
        expect('{');
        if (peek() == '}') {
            return;
        }
        boolean seenSeq = false;
        boolean seenAttendance = false;
        do {
            readKey();
            if (keyIs(EPOCH)) {
                readEpoch();
            } else if (keyIs(SEQ)) {
                seq = readInt64();
                seenSeq = true;
            } else if (keyIs(ATTENDANCE)) {
                readAttendance();
                seenAttendance = true;
            } else {
                skipValue();
            }
            // Nothing after seq and attendance matters here (counts, ...).
        } while (!(seenSeq && seenAttendance) && nextMember());
    }

    private void readAttendance() throws InvalidProtocolBufferException {
        expect('{');
        if (peek() == '}') {
            pos++;
            return;
        }
        do {
            readKey();
            if (keyIs(OCCURRED_AT)) {
                readTimestamp();
            } else {
                skipValue();
            }
        } while (nextMember());
    }

    private void readEpoch() throws InvalidProtocolBufferException {
        expect('"');
        int start = pos;
        skipStringBody();
        epochFrom = start;
        epochLength = pos - 1 - start;
        epochEscaped = epochLength > 0 && buf.indexOf(start, pos - 1, (byte) '\\') >= 0;
    }

    /** A uint64 as the canonical mapping writes it (a quoted decimal) or as a plain number. */
    private long readInt64() throws InvalidProtocolBufferException {
        boolean quoted = peek() == '"';
        if (quoted) {
            pos++;
        }
        int start = pos;
        long value = 0;
        while (pos < limit && isDigit(buf.getByte(pos))) {
            value = value * 10 + (buf.getByte(pos++) - '0');
        }
        if (pos == start) {
            throw error("a number");
        }
        if (quoted) {
            expectHere('"');
        }
        return value;
    }

    /** {@code "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)"}, as RFC 3339 and protobuf's Timestamp mapping allow. */
    private void readTimestamp() throws InvalidProtocolBufferException {
        expect('"');
        int year = digits(4);
        expectHere('-');
        int month = digits(2);
        expectHere('-');
        int day = digits(2);
        expectHere('T');
        int hour = digits(2);
        expectHere(':');
        int minute = digits(2);
        expectHere(':');
        int second = digits(2);
        int nanos = 0;
        if (pos < limit && buf.getByte(pos) == '.') {
            pos++;
            int start = pos;
            while (pos < limit && isDigit(buf.getByte(pos)) && pos - start < 9) {
                nanos = nanos * 10 + (buf.getByte(pos++) - '0');
            }
            if (pos == start) {
                throw error("fraction digits");
            }
            for (int i = pos - start; i < 9; i++) {
                nanos *= 10;
            }
        }
        long offsetSeconds = 0;
        byte zone = pos < limit ? buf.getByte(pos++) : 0;
        if (zone == '+' || zone == '-') {
            int hours = digits(2);
            expectHere(':');
            int minutes = digits(2);
            offsetSeconds = (zone == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
        } else if (zone != 'Z') {
            throw error("Z or an offset");
        }
        expectHere('"');
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            throw new InvalidProtocolBufferException("invalid timestamp before offset " + pos);
        }
        hasOccurredAt = true;
        occurredSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        occurredNanos = nanos;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private int digits(int n) throws InvalidProtocolBufferException {
        int value = 0;
        for (int i = 0; i < n; i++) {
            if (pos >= limit || !isDigit(buf.getByte(pos))) {
                throw error(n + " digits");
            }
            value = value * 10 + (buf.getByte(pos++) - '0');
        }
        return value;
    }

    /** Reads {@code "name":}; field names of the mapping need no escapes, so the key is a plain byte range. */
    private void readKey() throws InvalidProtocolBufferException {
        expect('"');
        keyFrom = pos;
        skipStringBody();
        keyTo = pos - 1;
        expect(':');
    }

    private int kindOfKey() {
        for (int kind = KIND_CONNECTED; kind <= KIND_REFRESHED; kind++) {
            if (keyIs(KIND_NAMES[kind])) {
                return kind;
            }
        }
        return keyIs(GO_AWAY_PROTO_NAME) ? KIND_GO_AWAY : KIND_NONE;
    }

    private boolean keyIs(byte[] name) {
        if (keyTo - keyFrom != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (buf.getByte(keyFrom + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** After a member: true at a comma (another member follows), false at the closing brace. */
    private boolean nextMember() throws InvalidProtocolBufferException {
        byte b = peek();
        pos++;
        if (b == ',') {
            return true;
        }
        if (b == '}') {
            return false;
        }
        pos--;
        throw error("',' or '}'");
    }

    private void skipValue() throws InvalidProtocolBufferException {
        byte b = peek();
        if (b == '"') {
            pos++;
            skipStringBody();
        } else if (b == '{' || b == '[') {
            skipNested();
        } else {
            int start = pos;
            while (pos < limit && !isDelimiter(buf.getByte(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error("a value");
            }
        }
    }

    /**
     * From just after an opening quote to just after the closing one, jumping from quote to quote
     * with {@code ByteBuf.indexOf} rather than a call per byte; a quote preceded by an odd run of
     * backslashes is escaped, so the search goes on after it.
     */
    private void skipStringBody() throws InvalidProtocolBufferException {
        int bodyStart = pos;
        while (true) {
            int quote = pos < limit ? buf.indexOf(pos, limit, (byte) '"') : -1;
            if (quote < 0) {
                throw new InvalidProtocolBufferException("unterminated string");
            }
            int backslashes = 0;
            while (quote - backslashes - 1 >= bodyStart && buf.getByte(quote - backslashes - 1) == '\\') {
                backslashes++;
            }
            pos = quote + 1;
            if ((backslashes & 1) == 0) {
                return;
            }
        }
    }

    private void skipNested() throws InvalidProtocolBufferException {
        int depth = 0;
        while (pos < limit) {
            byte b = buf.getByte(pos++);
            if (b == '"') {
                skipStringBody();
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return;
            }
        }
        throw new InvalidProtocolBufferException("unterminated object or array");
    }

    /** The next byte that is not whitespace, without consuming it. */
    private byte peek() throws InvalidProtocolBufferException {
        while (pos < limit) {
            byte b = buf.getByte(pos);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
            pos++;
        }
        throw new InvalidProtocolBufferException("truncated JSON frame");
    }

    private void expect(char c) throws InvalidProtocolBufferException {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private void expectHere(char c) throws InvalidProtocolBufferException {
        if (pos >= limit || buf.getByte(pos) != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private InvalidProtocolBufferException error(String expected) {
        return new InvalidProtocolBufferException("expected " + expected + " at offset " + pos);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
