package io.rollcall.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {
    @Test
    void encodedHistogramsDecodeToTheSameCounts() {
        Histogram original = Histograms.newHistogram();
        for (long micros = 1; micros < 5_000_000; micros = micros * 3 + 7) {
            original.recordValueWithCount(micros, micros % 5 + 1);
        }
        original.recordValue(Histograms.MAX_MICROS);

        Histogram decoded = Histograms.decode(Histograms.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getTotalCount()).isEqualTo(original.getTotalCount());
        assertThat(decoded.getValueAtPercentile(99)).isEqualTo(original.getValueAtPercentile(99));
    }

    @Test
    void refusesTextThatIsNotAnEncodedHistogram() {
        assertThatThrownBy(() -> Histograms.decode("bm90IGEgaGlzdG9ncmFt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("histogram");
    }
}
