package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.stats.Histograms;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static Histogram histogram(long... values) {
        Histogram h = Histograms.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void mergingTwoEventLoopsAddsCountsAndHistogramsAndKeepsEveryClientsPosition() {
        Tally a = new Tally(2, 10, 1, 0, 0, 8, 0, 0, 0, histogram(100, 200), new int[] {0, 1},
                new long[] {0, 0}, new long[] {5, 5}, histogram(1000), histogram());
        Tally b = new Tally(1, 4, 0, 2, 1, 4, 1, 1, 1, histogram(300_000), new int[] {1},
                new long[] {3}, new long[] {7}, histogram(2000, 3000), histogram(50_000));

        Tally merged = a.plus(b);

        assertThat(merged.readyClients()).isEqualTo(3);
        assertThat(merged.received()).isEqualTo(14);
        assertThat(merged.lost() + merged.duplicates() + merged.outOfOrder()).isEqualTo(4);
        assertThat(merged.latency().getTotalCount()).isEqualTo(3);
        assertThat(merged.latency().getMaxValue()).isEqualTo(b.latency().getMaxValue());
        assertThat(merged.connectTimes().getTotalCount()).isEqualTo(3);
        assertThat(merged.reconnectTimes().getTotalCount()).isEqualTo(1);
        assertThat(merged.events()).containsExactly(0, 1, 1);
        assertThat(merged.lastSeqs()).containsExactly(5, 5, 7);
        // The parts are left as they were.
        assertThat(a.latency().getTotalCount()).isEqualTo(2);
    }
}
