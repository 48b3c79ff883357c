package io.rollcall.json;

import com.google.protobuf.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Reads the one timestamp form rollcall's writers produce, {@code 2026-11-22T11:49:59[.753]Z}, by
 * hand: protobuf's {@code Timestamps.parse} goes through {@code SimpleDateFormat}, which was half of
 * the cost of reading an update. Callers fall back to {@code Timestamps.parse} (or the full
 * {@code JsonFormat} path) for anything else, so offsets and odd forms keep its semantics.
 */
public final class UtcTimestamps {
    private UtcTimestamps() {}

    /** {@code YYYY-MM-DDTHH:MM:SS[.1-9 digits]Z} with every field in range, or null for anything else. */
    public static Timestamp parseCanonical(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth() || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600 + minute * 60 + second;
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
