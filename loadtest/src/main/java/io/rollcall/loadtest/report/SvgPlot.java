package io.rollcall.loadtest.report;

import io.rollcall.loadtest.stats.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Draws the report's two plots as inline SVG: latency by percentile on HdrHistogram's log scale
 * (x = log10(1 / (1 - p)), so 90%, 99%, 99.9% … are equally spaced), and a rate over time.
 * Stateless; thread-safe.
 */
public final class SvgPlot {
    static final int WIDTH = 720;
    static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 40;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    /** The percentile axis ends at 99.999% (x = 5), HdrHistogram's usual plot range. */
    private static final double MAX_NINES = 5;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private SvgPlot() {}

    /** Latency (histogram values in microseconds, shown in ms) against percentile, one line per histogram. */
    public static String percentiles(String title, Map<String, Histogram> series) {
        double maxMillis = 0;
        for (Histogram h : series.values()) {
            if (h.getTotalCount() > 0) {
                maxMillis = Math.max(maxMillis, h.getMaxValue() / 1000.0);
            }
        }
        double yMax = niceCeiling(maxMillis);
        StringBuilder svg = open(title, "percentile", "latency (ms)");
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            double x = x(nines, MAX_NINES);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#ddd"));
            svg.append(text(x, HEIGHT - BOTTOM + 16, "middle", percentLabel(nines)));
        }
        yAxis(svg, yMax);
        int colour = 0;
        int legendY = TOP + 12;
        for (Map.Entry<String, Histogram> entry : series.entrySet()) {
            Histogram h = entry.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                double nines = p >= 1 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1 / (1 - p)));
                points.add(new double[] {x(nines, MAX_NINES), y(h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0, yMax)});
                if (p >= 1) {
                    break;
                }
            }
            String c = COLOURS[colour++ % COLOURS.length];
            svg.append(polyline(points, c));
            svg.append(text(LEFT + 10, legendY, "start", entry.getKey() + " (" + h.getTotalCount() + " samples)", c));
            legendY += 14;
        }
        return svg.append("</svg>\n").toString();
    }

    /** A rate over time from the run's timeline. */
    public static String rateOverTime(String title, String rateLabel, List<Timeline.Point> points) {
        double maxSeconds = 1;
        double maxRate = 0;
        for (Timeline.Point p : points) {
            maxSeconds = Math.max(maxSeconds, p.seconds());
            maxRate = Math.max(maxRate, p.rate());
        }
        double yMax = niceCeiling(maxRate);
        double xMax = niceCeiling(maxSeconds);
        StringBuilder svg = open(title, "seconds since start", rateLabel);
        for (int i = 0; i <= 5; i++) {
            double seconds = xMax * i / 5;
            double x = x(seconds, xMax);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#ddd"));
            svg.append(text(x, HEIGHT - BOTTOM + 16, "middle", number(seconds)));
        }
        yAxis(svg, yMax);
        List<double[]> line = new ArrayList<>();
        for (Timeline.Point p : points) {
            line.add(new double[] {x(p.seconds(), xMax), y(p.rate(), yMax)});
        }
        svg.append(polyline(line, COLOURS[0]));
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title, String xLabel, String yLabel) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\""
                + " font-family=\"sans-serif\" font-size=\"11\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
        svg.append(text(WIDTH / 2.0, 18, "middle", title));
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#000"));
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#000"));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "middle", xLabel));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>\n",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
        return svg;
    }

    private static void yAxis(StringBuilder svg, double yMax) {
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double y = y(value, yMax);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#eee"));
            svg.append(text(LEFT - 6, y + 4, "end", number(value)));
        }
    }

    /** The percentile with {@code nines} nines: 0 → 0%, 1 → 90%, 2 → 99%, 3 → 99.9% … */
    static String percentLabel(int nines) {
        return switch (nines) {
            case 0 -> "0%";
            case 1 -> "90%";
            default -> "99" + (nines > 2 ? "." + "9".repeat(nines - 2) : "") + "%";
        };
    }

    private static double x(double value, double max) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.min(1, value / max);
    }

    private static double y(double value, double max) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (max <= 0 ? 0 : Math.min(1, value / max));
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code value} (1 for 0), so axis ticks are round. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value * (1 - 1e-9)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double value) {
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String polyline(List<double[]> points, String colour) {
        StringBuilder line = new StringBuilder("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour).append("\" points=\"");
        for (double[] p : points) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        return line.append("\"/>\n").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String anchor, String content) {
        return text(x, y, anchor, content, "#000");
    }

    private static String text(double x, double y, String anchor, String content, String colour) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>\n", x, y, anchor, colour,
                Html.escape(content));
    }
}
