package io.rollcall.loadtest.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * How the load generator records times: microseconds, 3 significant digits, up to one hour
 * (longer values are clamped, so a stalled run still records). Thread-safe.
 */
public final class Histograms {
    public static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int DIGITS = 3;

    private Histograms() {}

    public static Histogram newHistogram() {
        return new Histogram(MAX_MICROS, DIGITS);
    }

    public static SingleWriterRecorder newRecorder() {
        return new SingleWriterRecorder(MAX_MICROS, DIGITS);
    }

    /** Nanoseconds to clamped microseconds for recording; negative (impossible) values become 0. */
    public static long micros(long nanos) {
        return nanos <= 0 ? 0 : Math.min(nanos / 1_000, MAX_MICROS);
    }

    /** A percentile in milliseconds. */
    public static double percentileMillis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public static double maxMillis(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    public static double meanMillis(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMean() / 1000.0;
    }

    /** The histogram in HdrHistogram's compressed encoding, base64: how worker processes hand theirs to the parent. */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** Reads {@link #encode}'s output back into a histogram with the generator's range and precision. */
    public static Histogram decode(String base64) {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), MAX_MICROS);
            Histogram histogram = newHistogram();
            histogram.add(decoded);
            return histogram;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("histogram: not a compressed base64 HdrHistogram (" + e.getMessage() + ")", e);
        }
    }
}
