package io.rollcall.loadtest.publish;

import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.ProblemCounts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A paced publisher of attendance updates and its bookkeeping, whatever the path (HTTP, Redis):
 * publish {@code i} is about event {@code i mod E} and is intended for the time the pacer gives it;
 * each reply is recorded against that intended time (no coordinated omission), its seq goes into
 * the {@link PublishLedger}, and failures are counted by reason. Subclasses only send and report
 * replies through {@link #replied}/{@link #failed(String)}. Thread-safe: {@link #publish} is called
 * by one pacing thread, replies may arrive on any thread; read the results after
 * {@link #awaitResponses}.
 */
public abstract class Publisher {
    private static final int MAX_PROBLEM_KINDS = 20;

    private final int events;
    /** Written by the pacing thread (publish), read after it finished. */
    private final long[] intendedByIndex;
    private final AtomicLongArray seqByIndex;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLongArray maxSeqByEvent;
    private final ProblemCounts problems = new ProblemCounts(MAX_PROBLEM_KINDS);
    private final Histogram publishLatency = new ConcurrentHistogram(Histograms.MAX_MICROS, Histograms.DIGITS);
    private final Histogram serviceTime = new ConcurrentHistogram(Histograms.MAX_MICROS, Histograms.DIGITS);

    Publisher(int events, int capacity) {
        this.events = events;
        this.intendedByIndex = new long[capacity];
        this.seqByIndex = new AtomicLongArray(capacity);
        this.maxSeqByEvent = new AtomicLongArray(events);
    }

    /** Opens the connections; throws if they cannot be opened within {@code timeout}. */
    public abstract void start(Duration timeout) throws InterruptedException;

    /** Closes the connections and stops the publisher's threads. */
    public abstract void close() throws InterruptedException;

    /** Sends publish {@code index} now; never blocks. Called on the pacing thread. */
    abstract void send(long index, long intendedNanoTime);

    /** Schedules publish {@code index}, intended for {@code intendedNanoTime}. Pacing thread only; non-blocking. */
    public final void publish(long index, long intendedNanoTime) {
        if (index < 0 || index >= intendedByIndex.length) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0.." + (intendedByIndex.length - 1) + ")");
        }
        intendedByIndex[(int) index] = intendedNanoTime;
        submitted.incrementAndGet();
        send(index, intendedNanoTime);
    }

    /** Which event publish {@code index} is about. */
    final int eventOf(long index) {
        return (int) (index % events);
    }

    /** How many updates of its event came before publish {@code index}: picks the guest and status of the body. */
    final long updateOf(long index) {
        return index / events;
    }

    final int eventCount() {
        return events;
    }

    /**
     * Records a reply to publish {@code index}: accepted with {@code seq} when {@code seq > 0}, else
     * failed for {@code reason}. Any thread.
     */
    final void replied(long index, long intendedNanoTime, long writtenNanoTime, long nowNanoTime, long seq, String reason) {
        publishLatency.recordValue(Histograms.micros(nowNanoTime - intendedNanoTime));
        serviceTime.recordValue(Histograms.micros(nowNanoTime - writtenNanoTime));
        if (seq > 0) {
            seqByIndex.set((int) index, seq);
            maxSeqByEvent.accumulateAndGet(eventOf(index), seq, Math::max);
            accepted.incrementAndGet();
        } else {
            failed(reason);
        }
    }

    /** A publish that got no reply (its connection failed). Any thread. */
    final void failed(String reason) {
        failed.incrementAndGet();
        problem(reason);
    }

    /** Counts a problem that is not itself a failed publish. Any thread. */
    final void problem(String reason) {
        problems.add(reason);
    }

    public final long submitted() {
        return submitted.get();
    }

    public final long accepted() {
        return accepted.get();
    }

    public final long failed() {
        return failed.get();
    }

    /** Per event index, the highest seq the server assigned to our publishes (0 if none). */
    public final long[] maxSeqs() {
        long[] seqs = new long[events];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = maxSeqByEvent.get(i);
        }
        return seqs;
    }

    public final Map<String, Long> problems() {
        return problems.sorted();
    }

    /** Waits until every submitted publish got a reply or failed; false on timeout. */
    public final boolean awaitResponses(long deadlineNanoTime) {
        while (accepted.get() + failed.get() < submitted.get()) {
            if (System.nanoTime() - deadlineNanoTime >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /** Per event index, which seq each submitted publish got. Call after the pacing thread finished. */
    public final PublishLedger[] ledgers() {
        int count = (int) Math.min(submitted.get(), intendedByIndex.length);
        long[] seqs = new long[count];
        for (int i = 0; i < count; i++) {
            long seq = seqByIndex.get(i);
            seqs[i] = seq > 0 ? seq : -1;
        }
        return PublishLedger.perEvent(Arrays.copyOf(intendedByIndex, count), seqs, events);
    }

    /** Copies of the publish latency (intended time to reply) and service time (sent to reply) histograms. */
    public final Histogram[] histograms() {
        return new Histogram[] {publishLatency.copy(), serviceTime.copy()};
    }
}
