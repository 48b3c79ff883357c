package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.scenario.ConnectionPlan;
import io.rollcall.loadtest.scenario.ConnectionResult;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Timeline;
import io.rollcall.loadtest.support.Transport;
import io.rollcall.loadtest.ws.Wire;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionMergerTest {
    private static final ConnectionPlan PLAN = new ConnectionPlan("idle", List.of(URI.create("ws://127.0.0.1:1/ws")), Wire.PLAIN_PROTO, "s", "ev", 300,
            100, 10, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(3), null, 2, Transport.select(Transport.Kind.NIO),
            List.of(), 0);
    private static final Instant START = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void mergedPercentilesAreThoseOfOneHistogramOfEveryValue(@TempDir Path dir) throws Exception {
        Histogram first = Histograms.newHistogram();
        Histogram second = Histograms.newHistogram();
        Histogram all = Histograms.newHistogram();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            long micros = 100 + random.nextLong(50_000);
            first.recordValue(micros);
            all.recordValue(micros);
        }
        for (int i = 0; i < 100; i++) {
            // A slower worker: its tail must show in the merged p99.
            long micros = 200_000 + random.nextLong(3_000_000);
            second.recordValue(micros);
            all.recordValue(micros);
        }
        List<ConnectionParts.Part> parts = List.of(
                throughFile(dir, "w0", part(0.0, 200, 190, 10, 1, 2.0, first, 1000, Map.of("refused", 4L, "timeout", 6L), "10 clients failed")),
                throughFile(dir, "w1", part(0.25, 100, 100, 0, 2, 3.5, second, 1200, Map.of("refused", 3L), null)));

        ConnectionResult merged = ConnectionMerger.merge(PLAN, START, parts, new ConnectionMerger.ServerRss(500, 900));

        for (double percentile : new double[] {0, 50, 90, 99, 99.9, 100}) {
            assertThat(merged.connectTimes().getValueAtPercentile(percentile)).as("p" + percentile)
                    .isEqualTo(all.getValueAtPercentile(percentile));
        }
        assertThat(merged.connectTimes().getTotalCount()).isEqualTo(300);
        assertThat(merged.connectTimes().getMaxValue()).isEqualTo(all.getMaxValue());
        assertThat(merged.attempted()).isEqualTo(300);
        assertThat(merged.ready()).isEqualTo(290);
        assertThat(merged.failed()).isEqualTo(10);
        assertThat(merged.disconnected()).isEqualTo(3);
        assertThat(merged.connectSeconds()).isEqualTo(3.75);
        // Each part's steady rate is 10 per ready client here; the workers' storms run at once, so they add up.
        assertThat(merged.steadyConnectionsPerSecond()).isEqualTo(2900);
        assertThat(merged.problems()).containsExactly(Map.entry("refused", 7L), Map.entry("timeout", 6L));
        assertThat(merged.failures()).containsExactly("worker 0: 10 clients failed");
        assertThat(merged.passed()).isFalse();
    }

    @Test
    void serverMemoryIsTheParentsReadingAndCpuAddsTheGenerators() {
        List<ConnectionParts.Part> parts = List.of(part(0, 10, 10, 0, 0, 1, Histograms.newHistogram(), 1000, Map.of(), null),
                part(0, 10, 10, 0, 0, 1, Histograms.newHistogram(), 1300, Map.of(), null));

        ConnectionResult merged = ConnectionMerger.merge(PLAN, START, parts, new ConnectionMerger.ServerRss(100, 700));

        assertThat(merged.rssBefore()).isEqualTo(100);
        assertThat(merged.rssConnected()).isEqualTo(700);
        assertThat(merged.rssEnd()).isEqualTo(1300);
        assertThat(merged.rssPerConnection()).isEqualTo(30.0);
        assertThat(merged.connectCpu().generator()).isEqualTo(0.6);
        assertThat(merged.connectCpu().watched()).isEqualTo(0.5);
        assertThat(merged.connectCpu().machine()).isEqualTo(1.5);
        assertThat(merged.passed()).isTrue();
    }

    @Test
    void timelinesAlignOnTheCommonStartAndAddUp() {
        List<ConnectionParts.Part> parts = List.of(part(0.1, 10, 10, 0, 0, 1, Histograms.newHistogram(), 0, Map.of(), null),
                part(0.3, 10, 10, 0, 0, 1, Histograms.newHistogram(), 0, Map.of(), null));

        ConnectionResult merged = ConnectionMerger.merge(PLAN, START, parts, new ConnectionMerger.ServerRss(-1, -1));

        // Each part ticked at 1.0 s and 2.0 s of its own run: 1.1/1.3 s and 2.1/2.3 s from the common start.
        assertThat(merged.timeline()).containsExactly(new Timeline.Point(1, "connect", 20, 0), new Timeline.Point(2, "hold", 2, 0));
    }

    private static ConnectionParts.Part throughFile(Path dir, String name, ConnectionParts.Part part) throws Exception {
        Path file = dir.resolve(name + ".properties");
        ConnectionParts.encode(part.result(), part.began()).write(file);
        return ConnectionParts.decode(WorkerResult.read(file), PLAN);
    }

    private static ConnectionParts.Part part(double startOffset, int attempted, int ready, int failed, int disconnected, double connectSeconds,
            Histogram connectTimes, long rssEnd, Map<String, Long> problems, String failure) {
        List<Timeline.Point> timeline = List.of(new Timeline.Point(1.0, "connect", 10 + 10 * disconnected, 0),
                new Timeline.Point(2.0, "hold", 1 + disconnected, 0));
        ConnectionResult result = new ConnectionResult(PLAN, attempted, ready, failed, disconnected, 0, connectSeconds, 10.0 * ready,
                connectTimes, 10,
                20, rssEnd, new CpuSampler.Usage(0.3, 0.5, 1.5), Map.of(), List.of(), problems, timeline, failure == null ? List.of() : List.of(failure));
        return new ConnectionParts.Part(START.plusNanos((long) (startOffset * 1e9)), result);
    }
}
