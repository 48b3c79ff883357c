package io.rollcall.loadtest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void firesEveryActionAtOrAfterItsIntendedTime() {
        long start = System.nanoTime();
        List<long[]> fired = new ArrayList<>();
        long count = Pacer.run(start, 1000, 50, () -> false, (i, intended) -> fired.add(new long[] {i, intended, System.nanoTime()}));
        assertThat(count).isEqualTo(50);
        for (int i = 0; i < fired.size(); i++) {
            long[] f = fired.get(i);
            assertThat(f[0]).isEqualTo(i);
            assertThat(f[1]).isEqualTo(start + i * 1_000_000L);
            assertThat(f[2]).isGreaterThanOrEqualTo(f[1]);
        }
    }

    @Test
    void keepsTheIntendedTimesOfActionsFiredLate() {
        // Starting 1 s in the past: everything is due, fires at once, but keeps its schedule.
        long start = System.nanoTime() - 1_000_000_000L;
        List<Long> intended = new ArrayList<>();
        Pacer.run(start, 10, 5, () -> false, (i, t) -> intended.add(t));
        assertThat(intended).containsExactly(start, start + 100_000_000L, start + 200_000_000L, start + 300_000_000L, start + 400_000_000L);
    }

    @Test
    void stopsWhenAsked() {
        List<Long> fired = new ArrayList<>();
        long count = Pacer.run(System.nanoTime(), 1_000_000, 1_000, () -> fired.size() >= 3, (i, t) -> fired.add(i));
        assertThat(count).isEqualTo(3);
    }
}
