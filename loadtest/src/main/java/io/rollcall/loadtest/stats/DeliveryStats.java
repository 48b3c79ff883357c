package io.rollcall.loadtest.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Delivery latencies and counts of the clients on one event loop. Recording is the hot path: one
 * wait-free recorder write for the per-second progress line, one plain histogram write when the
 * update was intended inside the measured window, no locks. Record methods: that event loop only.
 * {@link #intervalInto} is thread-safe; {@link #measured()} and {@link #deliveredInWindow()} must
 * run on the loop (or after it stopped).
 */
public final class DeliveryStats {
    private final MeasureWindow window;
    private final SingleWriterRecorder interval = Histograms.newRecorder();
    private final Histogram measured = Histograms.newHistogram();
    private Histogram recycled;
    private long deliveredInWindow;
    private long unstamped;

    public DeliveryStats(MeasureWindow window) {
        this.window = window;
    }

    /** One update received at {@code receivedNanoTime} that was intended for {@code intendedNanoTime}. */
    public void record(long receivedNanoTime, long intendedNanoTime) {
        long micros = Histograms.micros(receivedNanoTime - intendedNanoTime);
        interval.recordValue(micros);
        if (window.contains(intendedNanoTime)) {
            measured.recordValue(micros);
        }
        if (window.contains(receivedNanoTime)) {
            deliveredInWindow++;
        }
    }

    /** One update without an intended time (published by someone else): counted, not timed. */
    public void recordUnstamped(long receivedNanoTime) {
        unstamped++;
        if (window.contains(receivedNanoTime)) {
            deliveredInWindow++;
        }
    }

    /** Adds what was recorded since the previous call into {@code target}. Thread-safe (one caller at a time). */
    public synchronized void intervalInto(Histogram target) {
        recycled = interval.getIntervalHistogram(recycled);
        target.add(recycled);
    }

    public Histogram measured() {
        return measured;
    }

    public long deliveredInWindow() {
        return deliveredInWindow;
    }

    public long unstamped() {
        return unstamped;
    }
}
