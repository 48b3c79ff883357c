package io.rollcall.loadtest.publish;

import java.util.Arrays;

/**
 * Which intended send time each published seq of one event had, and which scheduled publishes were never
 * accepted. The scenario uses it to time the deliveries that never arrived (as "end minus
 * intended", a lower bound), so a stalled server cannot hide behind the few updates it delivered.
 * Immutable after construction.
 */
public final class PublishLedger {
    private final long minSeq;
    private final long[] intendedBySeq;
    private final long[] unacceptedIntended;

    /**
     * @param intendedByIndex intended send time of each submitted publish, by schedule index
     * @param seqByIndex      the seq the server assigned to each, or -1 if it was not accepted
     */
    PublishLedger(long[] intendedByIndex, long[] seqByIndex) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int unaccepted = 0;
        for (long seq : seqByIndex) {
            if (seq > 0) {
                min = Math.min(min, seq);
                max = Math.max(max, seq);
            } else {
                unaccepted++;
            }
        }
        this.minSeq = min == Long.MAX_VALUE ? 1 : min;
        // Our seqs are contiguous unless someone else publishes to the event; bound the table anyway.
        int size = min == Long.MAX_VALUE ? 0 : (int) Math.min(max - min + 1, 4L * seqByIndex.length + 1024);
        this.intendedBySeq = new long[size];
        Arrays.fill(intendedBySeq, -1);
        this.unacceptedIntended = new long[unaccepted];
        int u = 0;
        for (int i = 0; i < seqByIndex.length; i++) {
            long seq = seqByIndex[i];
            if (seq > 0) {
                long slot = seq - minSeq;
                if (slot < size) {
                    intendedBySeq[(int) slot] = intendedByIndex[i];
                }
            } else {
                unacceptedIntended[u++] = intendedByIndex[i];
            }
        }
    }

    /** One ledger per event, for publishes spread round-robin: publish {@code i} was about event {@code i mod events}. */
    static PublishLedger[] perEvent(long[] intendedByIndex, long[] seqByIndex, int events) {
        PublishLedger[] ledgers = new PublishLedger[events];
        for (int e = 0; e < events; e++) {
            int n = intendedByIndex.length <= e ? 0 : (intendedByIndex.length - e + events - 1) / events;
            long[] intended = new long[n];
            long[] seqs = new long[n];
            for (int j = 0; j < n; j++) {
                intended[j] = intendedByIndex[e + j * events];
                seqs[j] = seqByIndex[e + j * events];
            }
            ledgers[e] = new PublishLedger(intended, seqs);
        }
        return ledgers;
    }

    /** The intended send time of our publish that got {@code seq}, or -1 if it was not ours. */
    public long intendedOf(long seq) {
        long slot = seq - minSeq;
        return slot >= 0 && slot < intendedBySeq.length ? intendedBySeq[(int) slot] : -1;
    }

    /** The lowest seq our publishes got. */
    public long minSeq() {
        return minSeq;
    }

    /** Intended send times of submitted publishes that were not accepted (failed or unanswered). */
    public long[] unacceptedIntended() {
        return unacceptedIntended.clone();
    }
}
