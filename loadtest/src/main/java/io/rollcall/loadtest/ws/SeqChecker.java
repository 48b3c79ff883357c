package io.rollcall.loadtest.ws;

/**
 * Checks one subscription's delivery contract: after the position the server announced, every
 * update's seq is exactly the previous one plus one. Anything else is counted:
 * <ul>
 * <li>a jump forward counts the skipped seqs as {@linkplain #lost() lost};</li>
 * <li>the same seq again is a {@linkplain #duplicates() duplicate};</li>
 * <li>an older seq is {@linkplain #outOfOrder() out of order} (even if it fills an earlier jump,
 *     whose seqs then stay counted as lost: either way the contract was broken).</li>
 * </ul>
 * Seqs never received by the end are reported by {@link #missingUpTo(long)}. Not thread-safe: the
 * client's event loop only.
 */
public final class SeqChecker {
    /** What one update was, relative to the position. */
    public enum Verdict { NEXT, GAP, DUPLICATE, OUT_OF_ORDER }

    private final long start;
    private long last;
    private long received;
    private long lost;
    private long duplicates;
    private long outOfOrder;

    /** Starts at {@code position}: the seq the snapshot (or subscribe reply) is as of. */
    public SeqChecker(long position) {
        this.start = position;
        this.last = position;
    }

    /** The position the checker started at. */
    public long start() {
        return start;
    }

    /**
     * Moves to a new position without counting anything, for a fresh snapshot the server sends
     * when it resets the client's view.
     */
    public void reset(long position) {
        last = position;
    }

    public Verdict accept(long seq) {
        received++;
        if (seq == last + 1) {
            last = seq;
            return Verdict.NEXT;
        }
        if (seq > last) {
            lost += seq - last - 1;
            last = seq;
            return Verdict.GAP;
        }
        if (seq == last) {
            duplicates++;
            return Verdict.DUPLICATE;
        }
        outOfOrder++;
        return Verdict.OUT_OF_ORDER;
    }

    /** The highest seq received (or the start position). */
    public long last() {
        return last;
    }

    public long received() {
        return received;
    }

    public long lost() {
        return lost;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** How many seqs up to {@code finalSeq} (the last one published) never arrived at the end. */
    public long missingUpTo(long finalSeq) {
        return Math.max(0, finalSeq - last);
    }
}
