package io.rollcall.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Timeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SvgPlotTest {
    private static final Pattern POLYLINE = Pattern.compile("<polyline[^>]*points=\"([^\"]*)\"");

    @Test
    void percentilePlotPutsNinesOnEquallySpacedTicksAndOneLinePerHistogram() {
        Histogram fast = Histograms.newHistogram();
        Histogram slow = Histograms.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            fast.recordValue(i);
            slow.recordValue(i * 100L);
        }
        Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("fast", fast);
        series.put("slow", slow);
        String svg = SvgPlot.percentiles("Latency <by> percentile", series);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains(">0%<", ">90%<", ">99%<", ">99.9%<", ">99.99%<", ">99.999%<")
                .contains("Latency &lt;by&gt; percentile").contains("fast (1000 samples)", "slow (1000 samples)")
                .doesNotContain("<script", "href");
        List<double[]> slowLine = points(svg, 1);
        // Latency never falls as the percentile rises: x grows, y (downwards on screen) does not.
        for (int i = 1; i < slowLine.size(); i++) {
            assertThat(slowLine.get(i)[0]).isGreaterThanOrEqualTo(slowLine.get(i - 1)[0]);
            assertThat(slowLine.get(i)[1]).isLessThanOrEqualTo(slowLine.get(i - 1)[1]);
        }
        // The slow line reaches the top of the axis (its max sets the scale); the fast one stays near the bottom.
        assertThat(slowLine.get(slowLine.size() - 1)[1]).isLessThan(points(svg, 0).get(points(svg, 0).size() - 1)[1]);
    }

    @Test
    void skipsEmptyHistograms() {
        String svg = SvgPlot.percentiles("empty", Map.of("none", Histograms.newHistogram()));
        assertThat(svg).doesNotContain("<polyline");
    }

    @Test
    void rateOverTimeDrawsOnePointPerSecond() {
        Timeline timeline = new Timeline();
        for (int s = 1; s <= 7; s++) {
            timeline.add(s, "measure", 1000 * s, 1.0);
        }
        String svg = SvgPlot.rateOverTime("Deliveries per second", "deliveries/s", timeline.points());
        assertThat(points(svg, 0)).hasSize(7);
        assertThat(svg).contains("deliveries/s", "seconds since start");
    }

    @Test
    void axisMaximaAreRoundNumbers() {
        assertThat(SvgPlot.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgPlot.niceCeiling(7.3)).isEqualTo(10);
        assertThat(SvgPlot.niceCeiling(180)).isEqualTo(200);
        assertThat(SvgPlot.niceCeiling(2100)).isEqualTo(2500);
        assertThat(SvgPlot.niceCeiling(5000)).isEqualTo(5000);
    }

    private static List<double[]> points(String svg, int which) {
        Matcher m = POLYLINE.matcher(svg);
        for (int i = 0; i <= which; i++) {
            assertThat(m.find()).as("polyline %d", i).isTrue();
        }
        return java.util.Arrays.stream(m.group(1).trim().split(" ")).map(p -> p.split(","))
                .map(xy -> new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])}).toList();
    }
}
