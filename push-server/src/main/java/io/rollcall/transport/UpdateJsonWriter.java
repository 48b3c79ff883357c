package io.rollcall.transport;

import com.google.protobuf.Timestamp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.StatusCount;
import io.rollcall.protocol.Update;
import java.util.Arrays;

/**
 * Writes an update {@link ServerFrame} as a JSON text frame byte for byte as protobuf's
 * {@code JsonFormat} printer (without whitespace) does, about a hundred times faster: the update
 * is the one frame encoded on the hot path, once per publish. Field order, omitted defaults,
 * 64-bit integers as strings, enum names, RFC 3339 timestamps and Gson's HTML-safe string escaping
 * are all as {@code JsonFormat} writes them; {@code UpdateJsonWriterTest} proves it over random
 * updates. Frames it does not cover (other kinds, timestamps {@code JsonFormat} rejects) are left to
 * the caller. Thread-safe: each thread writes into its own scratch array.
 */
final class UpdateJsonWriter {
    /** A larger scratch array than this is not kept between frames. */
    private static final int MAX_KEPT_SCRATCH = 64 * 1024;
    private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final FastThreadLocal<UpdateJsonWriter> WRITERS = new FastThreadLocal<>() {
        @Override
        protected UpdateJsonWriter initialValue() {
            return new UpdateJsonWriter();
        }
    };

    private byte[] out = new byte[2048];
    private int length;

    private UpdateJsonWriter() {}

    /** Whether {@link #encode} writes this frame; otherwise print it with {@code JsonFormat}. */
    static boolean covers(ServerFrame frame) {
        if (frame.getKindCase() != ServerFrame.KindCase.UPDATE) {
            return false;
        }
        Update update = frame.getUpdate();
        return (!update.hasPublishedAt() || isValid(update.getPublishedAt()))
                && (!update.getAttendance().hasOccurredAt() || isValid(update.getAttendance().getOccurredAt()));
    }

    /** Encodes a frame {@link #covers} accepted into complete WebSocket text frame bytes. */
    static ByteBuf encode(ByteBufAllocator alloc, ServerFrame frame) {
        UpdateJsonWriter writer = WRITERS.get();
        writer.length = 0;
        writer.frame(frame);
        ByteBuf buf = WebSocketFrames.allocate(alloc, WebSocketFrames.OPCODE_TEXT, writer.length);
        buf.writeBytes(writer.out, 0, writer.length);
        if (writer.out.length > MAX_KEPT_SCRATCH) {
            writer.out = new byte[2048];
        }
        return buf;
    }

    private void frame(ServerFrame frame) {
        raw('{');
        boolean more = false;
        if (frame.getRequestId() != 0) {
            name("requestId", false);
            unsigned(frame.getRequestId());
            more = true;
        }
        name("update", more);
        update(frame.getUpdate());
        raw('}');
    }

    private void update(Update update) {
        raw('{');
        boolean more = string("eventId", update.getEventId(), false);
        more = string("epoch", update.getEpoch(), more);
        if (update.getSeq() != 0) {
            name("seq", more);
            raw('"');
            unsigned(update.getSeq());
            raw('"');
            more = true;
        }
        more = string("messageId", update.getMessageId(), more);
        if (update.hasPublishedAt()) {
            name("publishedAt", more);
            timestamp(update.getPublishedAt());
            more = true;
        }
        if (update.hasAttendance()) {
            name("attendance", more);
            attendance(update.getAttendance());
            more = true;
        }
        if (update.hasCounts()) {
            name("counts", more);
            counts(update.getCounts());
        }
        raw('}');
    }

    private void attendance(AttendanceUpdate attendance) {
        raw('{');
        boolean more = string("guestId", attendance.getGuestId(), false);
        more = string("guestName", attendance.getGuestName(), more);
        more = status(attendance.getStatusValue(), more);
        more = unsigned("pax", attendance.getPax(), more);
        more = string("source", attendance.getSource(), more);
        if (attendance.hasOccurredAt()) {
            name("occurredAt", more);
            timestamp(attendance.getOccurredAt());
            more = true;
        }
        more = string("note", attendance.getNote(), more);
        string("table", attendance.getTable(), more);
        raw('}');
    }

    private void counts(AttendanceCounts counts) {
        raw('{');
        boolean more = false;
        if (counts.getByStatusCount() > 0) {
            name("byStatus", false);
            raw('[');
            for (int i = 0; i < counts.getByStatusCount(); i++) {
                if (i > 0) {
                    raw(',');
                }
                StatusCount count = counts.getByStatus(i);
                raw('{');
                boolean inner = status(count.getStatusValue(), false);
                inner = unsigned("guests", count.getGuests(), inner);
                unsigned("pax", count.getPax(), inner);
                raw('}');
            }
            raw(']');
            more = true;
        }
        more = unsigned("totalGuests", counts.getTotalGuests(), more);
        unsigned("totalPax", counts.getTotalPax(), more);
        raw('}');
    }

    /** An enum as its name, or as its number when this build does not know it (as JsonFormat does). */
    private boolean status(int value, boolean more) {
        if (value == 0) {
            return more;
        }
        name("status", more);
        GuestStatus status = GuestStatus.forNumber(value);
        if (status != null) {
            raw('"');
            ascii(status.name());
            raw('"');
        } else {
            ascii(Integer.toString(value));
        }
        return true;
    }

    private boolean unsigned(String name, int value, boolean more) {
        if (value == 0) {
            return more;
        }
        name(name, more);
        unsigned(value);
        return true;
    }

    private void unsigned(int value) {
        unsigned(Integer.toUnsignedLong(value));
    }

    private void unsigned(long value) {
        if (value >= 0) {
            positive(value);
        } else {
            ascii(Long.toUnsignedString(value));
        }
    }

    private boolean string(String name, String value, boolean more) {
        if (value.isEmpty()) {
            return more;
        }
        name(name, more);
        quoted(value);
        return true;
    }

    private void name(String name, boolean comma) {
        if (comma) {
            raw(',');
        }
        raw('"');
        ascii(name);
        raw('"');
        raw(':');
    }

    /** RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as protobuf's {@code Timestamps.toString}. */
    private void timestamp(Timestamp timestamp) {
        long seconds = timestamp.getSeconds();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        raw('"');
        digits(year, 4);
        raw('-');
        digits(month, 2);
        raw('-');
        digits(day, 2);
        raw('T');
        digits(secondOfDay / 3_600, 2);
        raw(':');
        digits(secondOfDay / 60 % 60, 2);
        raw(':');
        digits(secondOfDay % 60, 2);
        int nanos = timestamp.getNanos();
        if (nanos != 0) {
            raw('.');
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(nanos / 1_000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        raw('Z');
        raw('"');
    }

    private static boolean isValid(Timestamp timestamp) {
        return timestamp.getSeconds() >= MIN_TIMESTAMP_SECONDS && timestamp.getSeconds() <= MAX_TIMESTAMP_SECONDS
                && timestamp.getNanos() >= 0 && timestamp.getNanos() < 1_000_000_000;
    }

    /**
     * A JSON string as Gson (which {@code JsonFormat} uses) writes it: short escapes for quote,
     * backslash and the usual controls, six-character unicode escapes for other controls, HTML-safe escapes for
     * {@code < > & = '}, escaped U+2028/U+2029, everything else as UTF-8 (an unpaired surrogate as
     * {@code ?}, as {@code String.getBytes} does).
     */
    private void quoted(String value) {
        raw('"');
        int n = value.length();
        ensure(n * 6 + 1);
        byte[] b = out;
        int p = length;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> { b[p++] = '\\'; b[p++] = '"'; }
                    case '\\' -> { b[p++] = '\\'; b[p++] = '\\'; }
                    case '\t' -> { b[p++] = '\\'; b[p++] = 't'; }
                    case '\b' -> { b[p++] = '\\'; b[p++] = 'b'; }
                    case '\n' -> { b[p++] = '\\'; b[p++] = 'n'; }
                    case '\r' -> { b[p++] = '\\'; b[p++] = 'r'; }
                    case '\f' -> { b[p++] = '\\'; b[p++] = 'f'; }
                    case '<', '>', '&', '=', '\'' -> p = unicodeEscape(b, p, c);
                    default -> {
                        if (c < 0x20) {
                            p = unicodeEscape(b, p, c);
                        } else {
                            b[p++] = (byte) c;
                        }
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (c == '\u2028' || c == '\u2029') {
                p = unicodeEscape(b, p, c);
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? value.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int cp = Character.toCodePoint(c, low);
                    i++;
                    b[p++] = (byte) (0xf0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    b[p++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xe0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | c & 0x3f);
            }
        }
        length = p;
        raw('"');
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xf];
        b[p++] = HEX[c >> 8 & 0xf];
        b[p++] = HEX[c >> 4 & 0xf];
        b[p++] = HEX[c & 0xf];
        return p;
    }

    /** Field names, enum names and numbers: ASCII that needs no escaping. */
    private void ascii(String value) {
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[length++] = (byte) value.charAt(i);
        }
    }

    private void positive(long value) {
        int width = 1;
        for (long v = value; v >= 10; v /= 10) {
            width++;
        }
        digits(value, width);
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded. */
    private void digits(long value, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            out[i] = (byte) ('0' + (int) (value % 10));
            value /= 10;
        }
        length += width;
    }

    private void raw(char c) {
        ensure(1);
        out[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}
