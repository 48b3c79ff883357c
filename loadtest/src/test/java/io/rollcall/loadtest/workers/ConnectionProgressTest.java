package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionProgressTest {
    @Test
    void addsUpTheWorkersLatestLinesAndKeepsTheRestShown() {
        ConnectionProgress progress = new ConnectionProgress(2, 0, true);

        boolean shown0 = progress.offer(0, "[   3.2s] connect ready 500/1000 (+498/s)  connecting 400  failed 1  dropped 0  ended 7"
                + "  cpu gen 0.33 srv 0.52 other 1.17");
        boolean shown1 = progress.offer(1, "[   3.4s] hold    ready 999/999 (+96/s)  connecting 0  failed 0  dropped 2  ended 3"
                + "  server rss 153.9 MiB  cpu gen 0.01");
        boolean shownOther = progress.offer(1, "connect: 999 of 999 clients ready in 6.30 s (0 failed)");

        assertThat(shown0).isFalse();
        assertThat(shown1).isFalse();
        assertThat(shownOther).isTrue();
        assertThat(progress.line()).contains("connect ready 1499/1999", "connecting 400  failed 1  dropped 2  ended 10", "cpu gen")
                .doesNotContain("workers reporting");
    }

    @Test
    void saysHowManyWorkersHaveReportedSoFar() {
        ConnectionProgress progress = new ConnectionProgress(3, 0, false);
        progress.offer(2, "[   1.0s] connect ready 5/10 (+5/s)  connecting 5  failed 0  dropped 0  cpu gen 0.10");

        assertThat(progress.line()).contains("ready 5/10", "(1 of 3 workers reporting)").doesNotContain("ended");
    }
}
