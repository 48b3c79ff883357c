package io.rollcall.attendance;

import java.security.SecureRandom;

/**
 * Unique, time-ordered ids (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32,
 * 26 characters), so ids sort by creation time across publisher, broker, node and client logs.
 * Thread-safe.
 */
public final class MessageIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<java.util.SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new java.util.SplittableRandom(SEEDS.nextLong()));

    private MessageIds() {}

    public static String next(long epochMillis) {
        java.util.SplittableRandom random = RANDOM.get();
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 10; i < 26; i++) {
            long source = i < 18 ? high : low;
            out[i] = ALPHABET[(int) ((source >>> ((i % 8) * 5)) & 31)];
        }
        return new String(out);
    }

    /** A short random id, e.g. for epochs and sessions. */
    public static String shortId() {
        return shortId(shortIdBits());
    }

    /** The random bits of a {@link #shortId()}, for a holder that renders it only when asked (a long is smaller than a string). */
    public static long shortIdBits() {
        return RANDOM.get().nextLong();
    }

    /** The short id of {@code bits} from {@link #shortIdBits()}. */
    public static String shortId(long bits) {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }
}
