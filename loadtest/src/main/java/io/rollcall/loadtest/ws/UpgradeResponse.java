package io.rollcall.loadtest.ws;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Checks the server's answer to an {@link UpgradeRequest} straight from the receive buffer, in
 * place of Netty's HTTP codec, aggregator and handshaker. A valid answer is {@code HTTP/1.1 101}
 * with {@code Upgrade: websocket}, a {@code Connection} naming {@code upgrade}, the expected
 * {@code Sec-WebSocket-Accept} and {@code Sec-WebSocket-Protocol}, and no extensions (none was
 * offered); the head ends at its blank line and whatever follows is WebSocket frames. Anything
 * else is refused with a reason naming the status (and {@code Retry-After}, if any) or the header
 * at fault. Header names are matched ignoring case, in any order. Thread-safe (stateless).
 */
final class UpgradeResponse {
    /** {@link #check} found no complete head yet. */
    static final int INCOMPLETE = -1;
    /** A head longer than this is refused (a 101 from rollcall is about 200 bytes). */
    static final int MAX_HEAD_BYTES = 8192;

    private static final byte[] HTTP_1 = ascii("HTTP/1.");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] ACCEPT = ascii("sec-websocket-accept");
    private static final byte[] PROTOCOL = ascii("sec-websocket-protocol");
    private static final byte[] EXTENSIONS = ascii("sec-websocket-extensions");
    private static final byte[] RETRY_AFTER = ascii("retry-after");
    private static final byte[] WEBSOCKET = ascii("websocket");

    /** Why the upgrade failed; carries no stack trace (the reason says it all). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private UpgradeResponse() {}

    /**
     * Checks the response head in {@code buf}'s readable bytes against {@code request}. Returns the
     * index just past the head of a valid 101, or {@link #INCOMPLETE} if the head has not all
     * arrived; leaves the indices alone.
     *
     * @throws Refused if it is not a valid 101 (the reason says why)
     */
    static int check(ByteBuf buf, UpgradeRequest request) throws Refused {
        int start = buf.readerIndex();
        int end = Math.min(buf.writerIndex(), start + MAX_HEAD_BYTES);
        int status = -1;
        int statusLineEnd = -1;
        boolean upgrade = false;
        boolean connection = false;
        boolean accept = false;
        boolean protocol = false;
        String extensions = null;
        String retryAfter = null;
        int pos = start;
        while (true) {
            int newline = buf.indexOf(pos, end, (byte) '\n');
            if (newline < 0) {
                if (end - start >= MAX_HEAD_BYTES) {
                    throw new Refused("upgrade response head over " + MAX_HEAD_BYTES + " bytes");
                }
                return INCOMPLETE;
            }
            int lineEnd = newline > pos && buf.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            if (status < 0) {
                status = statusCode(buf, pos, lineEnd);
                statusLineEnd = lineEnd;
            } else if (lineEnd == pos) {
                if (status != 101) {
                    String line = buf.toString(start, statusLineEnd - start, StandardCharsets.ISO_8859_1);
                    throw new Refused("upgrade refused: " + line.substring(line.indexOf(' ') + 1)
                            + (retryAfter != null ? " (Retry-After: " + retryAfter + ")" : ""));
                }
                verify(upgrade, connection, accept, protocol, extensions);
                return newline + 1;
            } else {
                int colon = buf.indexOf(pos, lineEnd, (byte) ':');
                if (colon < 0) {
                    throw new Refused("malformed upgrade response header: " + text(buf, pos, lineEnd));
                }
                int valueFrom = skipSpaces(buf, colon + 1, lineEnd);
                int valueTo = trimSpaces(buf, valueFrom, lineEnd);
                if (is(buf, pos, colon, UPGRADE)) {
                    upgrade = is(buf, valueFrom, valueTo, WEBSOCKET);
                } else if (is(buf, pos, colon, CONNECTION)) {
                    connection = contains(buf, valueFrom, valueTo, UPGRADE);
                } else if (is(buf, pos, colon, ACCEPT)) {
                    accept = same(buf, valueFrom, valueTo, request.accept());
                } else if (is(buf, pos, colon, PROTOCOL)) {
                    protocol = same(buf, valueFrom, valueTo, request.subprotocol());
                } else if (is(buf, pos, colon, EXTENSIONS)) {
                    extensions = text(buf, valueFrom, valueTo);
                } else if (is(buf, pos, colon, RETRY_AFTER)) {
                    retryAfter = text(buf, valueFrom, valueTo);
                }
            }
            pos = newline + 1;
        }
    }

    private static void verify(boolean upgrade, boolean connection, boolean accept, boolean protocol, String extensions)
            throws Refused {
        if (!upgrade) {
            throw new Refused("upgrade response: 101 without Upgrade: websocket");
        }
        if (!connection) {
            throw new Refused("upgrade response: 101 without Connection: upgrade");
        }
        if (!accept) {
            throw new Refused("upgrade response: 101 without the expected Sec-WebSocket-Accept");
        }
        if (!protocol) {
            throw new Refused("upgrade response: 101 without the offered Sec-WebSocket-Protocol");
        }
        if (extensions != null) {
            throw new Refused("upgrade response: 101 with extensions none were offered: " + extensions);
        }
    }

    /** The status of an {@code HTTP/1.x NNN reason} line. */
    private static int statusCode(ByteBuf buf, int from, int to) throws Refused {
        if (to - from < 12 || !startsWith(buf, from, HTTP_1) || buf.getByte(from + 8) != ' ') {
            throw new Refused("malformed upgrade response status line: " + text(buf, from, to));
        }
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            int digit = buf.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new Refused("malformed upgrade response status line: " + text(buf, from, to));
            }
            code = code * 10 + digit;
        }
        return code;
    }

    private static int skipSpaces(ByteBuf buf, int from, int to) {
        while (from < to && (buf.getByte(from) == ' ' || buf.getByte(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimSpaces(ByteBuf buf, int from, int to) {
        while (to > from && (buf.getByte(to - 1) == ' ' || buf.getByte(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    private static boolean startsWith(ByteBuf buf, int from, byte[] exact) {
        for (int i = 0; i < exact.length; i++) {
            if (buf.getByte(from + i) != exact[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(ByteBuf buf, int from, int to, byte[] exact) {
        return to - from == exact.length && startsWith(buf, from, exact);
    }

    /** Whether {@code [from, to)} is {@code lower}, ignoring ASCII case. */
    private static boolean is(ByteBuf buf, int from, int to, byte[] lower) {
        return to - from == lower.length && matchesAt(buf, from, lower);
    }

    private static boolean matchesAt(ByteBuf buf, int from, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((buf.getByte(from + i) | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code [from, to)} contains {@code lower} ignoring ASCII case (a token of a list such as {@code keep-alive, Upgrade}). */
    private static boolean contains(ByteBuf buf, int from, int to, byte[] lower) {
        for (int i = from; i + lower.length <= to; i++) {
            if (matchesAt(buf, i, lower)) {
                return true;
            }
        }
        return false;
    }

    private static String text(ByteBuf buf, int from, int to) {
        return buf.toString(from, Math.min(to - from, 200), StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
