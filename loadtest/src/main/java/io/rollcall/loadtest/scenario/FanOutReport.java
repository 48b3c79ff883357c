package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.report.HtmlReport;
import io.rollcall.loadtest.report.SvgPlot;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Timeline;
import io.rollcall.loadtest.stats.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Renders a {@link FanOutResult}: the console summary table, the JSON result, .hgrm files and the HTML report. Thread-safe. */
public final class FanOutReport {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private FanOutReport() {}

    public static void printSummary(FanOutResult r, PrintStream out) {
        FanOutPlan plan = r.plan();
        out.println();
        out.println("==== " + plan.scenario() + " summary ====");
        row(out, "clients", String.format(Locale.ROOT, "%,d ready of %,d (%d failed), %s", r.connect().ready(), plan.clients(),
                r.connect().failed(), events(plan)));
        row(out, "connect", String.format(Locale.ROOT, "phase %.1f s; per client p50 %s  p99 %s  max %s", r.connect().seconds(),
                ms(r.connect().times(), 50), ms(r.connect().times(), 99), max(r.connect().times())));
        row(out, "schedule", String.format(Locale.ROOT, "%.1f updates/s for %s warmup + %s measured, %d publish connections", plan.rate(),
                FanOutScenario.human(plan.warmup()), FanOutScenario.human(plan.duration()), plan.publishers()));
        row(out, "publish via", plan.publishVia().describe());
        row(out, "updates published", String.format(Locale.ROOT, "%,d accepted of %,d scheduled (%,d failed), last seq %d"
                        + (plan.events().count() > 1 ? " (sum over events)" : ""),
                r.publish().accepted(), r.publish().scheduled(), r.publish().failed(), r.publish().finalSeq()));
        row(out, "publish latency", String.format(Locale.ROOT,
                "intended->response p50 %s  p99 %s  max %s; service p50 %s  p99 %s",
                ms(r.publish().latency(), 50), ms(r.publish().latency(), 99), max(r.publish().latency()),
                ms(r.publish().serviceTime(), 50), ms(r.publish().serviceTime(), 99)));
        row(out, "deliveries", String.format(Locale.ROOT, "%,d received of %,d expected; %,d WebSocket bytes received (%,.0f per client)",
                r.deliveries().received(), r.deliveries().expected(), r.deliveries().bytesReceived(),
                r.connect().ready() == 0 ? 0.0 : (double) r.deliveries().bytesReceived() / r.connect().ready()));
        row(out, "sustained", String.format(Locale.ROOT, "%,.0f deliveries/s over the %.1f s measured window",
                r.deliveries().sustainedPerSecond(), r.deliveries().windowSeconds()));
        Histogram latency = r.latency();
        row(out, "delivery latency", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9), max(latency)));
        row(out, "", String.format(Locale.ROOT, "(%,d samples: receive time minus intended send time, updates intended in the window%s)",
                latency.getTotalCount(), r.deliveries().undeliveredTimed() == 0 ? ""
                        : String.format(Locale.ROOT, "; %,d never delivered, counted as end of run minus intended",
                                r.deliveries().undeliveredTimed())));
        FanOutResult.Checks c = r.checks();
        row(out, "checks", String.format(Locale.ROOT,
                "lost %d  duplicates %d  out-of-order %d  missing at end %d  disconnected %d  errors %d",
                c.lost(), c.duplicates(), c.outOfOrder(), c.missingAtEnd(), c.disconnected(), c.errorFrames() + c.liveErrors()));
        if (r.plan().failover() != null) {
            row(out, "failover", r.plan().failover().description() + " at " + FanOutScenario.human(r.plan().failover().at()));
            row(out, "reconnects", reconnects(r.reconnects()));
        }
        if (r.measuredCpu() != null) {
            row(out, "cpu (measured)", r.measuredCpu().describe() + " cores (of " + Runtime.getRuntime().availableProcessors()
                    + "; other = the rest of the machine)");
        }
        row(out, "drain", String.format(Locale.ROOT, "%.2f s%s", r.drainSeconds(), r.drainTimedOut() ? " (timed out)" : ""));
        if (r.deliveries().unstamped() > 0) {
            row(out, "note", r.deliveries().unstamped() + " deliveries had no occurredAt (another publisher?); counted, not timed");
        }
        problems(out, "client problems", r.clientProblems());
        problems(out, "publish problems", r.publishProblems());
        if (r.passed()) {
            out.println("RESULT: PASS");
        } else {
            out.println("RESULT: FAILURE");
            for (String failure : r.failures()) {
                out.println("  - " + failure);
            }
        }
    }

    private static String reconnects(FanOutResult.Reconnects c) {
        return String.format(Locale.ROOT, "%,d started, %,d resumed (%,d without continuity), %d still reconnecting; "
                + "disconnect to resumed p50 %s  p99 %s  max %s%s", c.started(), c.resumed(), c.viewResets(), c.stillReconnecting(),
                ms(c.times(), 50), ms(c.times(), 99), max(c.times()), failedNode(c.failedNode()));
    }

    private static String failedNode(FanOutResult.FailedNode node) {
        if (node == null) {
            return "";
        }
        return node.stillRunning() ? "; the failed node was still running at the end"
                : String.format(Locale.ROOT, "; the failed node exited %.1f s after the failure", node.goneSeconds());
    }

    private static String events(FanOutPlan plan) {
        return plan.events().count() == 1 ? "event " + plan.events().eventIds().get(0)
                : String.format(Locale.ROOT, "%,d events, %s", plan.events().count(),
                        plan.events().distribution().name().toLowerCase(Locale.ROOT));
    }

    /** Writes every file the output options ask for. */
    public static void write(FanOutResult r, OutputOptions output) throws IOException {
        output.prepare();
        if (output.jsonOut() != null) {
            writeJson(r, output.jsonOut());
        }
        if (output.hgrmOut() != null) {
            writeHgrm(r.latency(), output.hgrmOut());
        }
        if (output.extraHgrm("connect") != null) {
            writeHgrm(r.connect().times(), output.extraHgrm("connect"));
            writeHgrm(r.publish().latency(), output.extraHgrm("publish"));
            if (r.reconnects().times().getTotalCount() > 0) {
                writeHgrm(r.reconnects().times(), output.extraHgrm("reconnect"));
            }
        }
        if (output.htmlOut() != null) {
            writeHtml(r, output.htmlOut());
        }
    }

    static void writeHtml(FanOutResult r, Path file) throws IOException {
        FanOutPlan plan = r.plan();
        Histogram latency = r.latency();
        HtmlReport html = new HtmlReport("rollcall loadtest: " + plan.scenario(), r.passed(), r.failures())
                .row("clients", String.format(Locale.ROOT, "%,d ready of %,d, %s", r.connect().ready(), plan.clients(), events(plan)))
                .row("targets", plan.urls().toString())
                .row("schedule", String.format(Locale.ROOT, "%.1f updates/s, %s warmup + %s measured", plan.rate(),
                        FanOutScenario.human(plan.warmup()), FanOutScenario.human(plan.duration())))
                .row("publish via", plan.publishVia().describe())
                .row("sustained", String.format(Locale.ROOT, "%,.0f deliveries/s", r.deliveries().sustainedPerSecond()))
                .row("delivery latency", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s (%,d samples)",
                        ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9), max(latency), latency.getTotalCount()))
                .row("connect", String.format(Locale.ROOT, "p50 %s  p99 %s  max %s", ms(r.connect().times(), 50),
                        ms(r.connect().times(), 99), max(r.connect().times())))
                .row("checks", String.format(Locale.ROOT, "lost %d  duplicates %d  out-of-order %d  missing at end %d  disconnected %d",
                        r.checks().lost(), r.checks().duplicates(), r.checks().outOfOrder(), r.checks().missingAtEnd(),
                        r.checks().disconnected()));
        if (r.measuredCpu() != null) {
            html.row("cpu (measured)", r.measuredCpu().describe() + " cores");
        }
        if (plan.failover() != null) {
            html.row("failover", plan.failover().description() + " at " + FanOutScenario.human(plan.failover().at()))
                    .row("reconnects", reconnects(r.reconnects()));
        }
        Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("delivery (intended publish to receipt)", latency);
        series.put("publish (intended to reply)", r.publish().latency());
        if (r.reconnects().times().getTotalCount() > 0) {
            series.put("reconnect (disconnect to resumed)", r.reconnects().times());
        }
        html.plot(SvgPlot.percentiles("Latency by percentile (measured window)", series))
                .plot(SvgPlot.rateOverTime("Deliveries per second", "deliveries/s", r.timeline()))
                .write(file);
    }

    private static void problems(PrintStream out, String title, Map<String, Long> problems) {
        if (problems.isEmpty()) {
            return;
        }
        row(out, title, "");
        problems.entrySet().stream().limit(10).forEach(e -> out.printf(Locale.ROOT, "    %,8d  %s%n", e.getValue(), e.getKey()));
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "%-19s %s%n", name, value);
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", Histograms.percentileMillis(h, percentile));
    }

    private static String max(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", Histograms.maxMillis(h));
    }

    static void writeJson(FanOutResult r, Path file) throws IOException {
        FanOutPlan plan = r.plan();
        Json json = new Json().beginObject()
                .field("scenario", plan.scenario())
                .field("passed", r.passed());
        json.object("config")
                .field("urls", plan.urls().toString())
                .field("http", plan.http().toString())
                .field("events", plan.events().count())
                .field("firstEvent", plan.events().eventIds().get(0))
                .field("distribution", plan.events().distribution().name().toLowerCase(Locale.ROOT))
                .field("clients", plan.clients())
                .field("rate", plan.rate())
                .field("warmupSeconds", plan.warmup().toMillis() / 1000.0)
                .field("durationSeconds", plan.duration().toMillis() / 1000.0)
                .field("publishers", plan.publishers())
                .field("publishVia", plan.publishVia().name())
                .field("connectRate", plan.connectRate())
                .field("threads", plan.threads())
                .field("transport", r.transportName())
                .endObject();
        json.object("connect")
                .field("attempted", r.connect().attempted())
                .field("ready", r.connect().ready())
                .field("failed", r.connect().failed())
                .field("seconds", r.connect().seconds());
        percentiles(json, "timeMs", r.connect().times());
        json.endObject();
        json.object("publish")
                .field("scheduled", r.publish().scheduled())
                .field("submitted", r.publish().submitted())
                .field("accepted", r.publish().accepted())
                .field("failed", r.publish().failed())
                .field("finalSeq", r.publish().finalSeq())
                .field("seconds", r.publish().seconds());
        percentiles(json, "latencyMs", r.publish().latency());
        percentiles(json, "serviceTimeMs", r.publish().serviceTime());
        json.endObject();
        json.object("deliveries")
                .field("expected", r.deliveries().expected())
                .field("received", r.deliveries().received())
                .field("inWindow", r.deliveries().inWindow())
                .field("windowSeconds", r.deliveries().windowSeconds())
                .field("sustainedPerSecond", r.deliveries().sustainedPerSecond())
                .field("unstamped", r.deliveries().unstamped())
                .field("undeliveredTimed", r.deliveries().undeliveredTimed())
                .field("bytesReceived", r.deliveries().bytesReceived())
                .endObject();
        percentiles(json, "latencyMs", r.latency());
        FanOutResult.Checks c = r.checks();
        json.object("checks")
                .field("lost", c.lost())
                .field("duplicates", c.duplicates())
                .field("outOfOrder", c.outOfOrder())
                .field("missingAtEnd", c.missingAtEnd())
                .field("disconnected", c.disconnected())
                .field("errorFrames", c.errorFrames())
                .field("liveErrors", c.liveErrors())
                .field("goAways", c.goAways())
                .endObject();
        if (r.measuredCpu() != null) {
            json.object("cpuCores")
                    .field("generator", r.measuredCpu().generator())
                    .field("server", r.measuredCpu().watched())
                    .field("machine", r.measuredCpu().machine())
                    .field("others", r.measuredCpu().others())
                    .endObject();
        }
        json.object("reconnects")
                .field("started", r.reconnects().started())
                .field("resumed", r.reconnects().resumed())
                .field("viewResets", r.reconnects().viewResets())
                .field("stillReconnecting", r.reconnects().stillReconnecting());
        if (r.reconnects().failedNode() != null) {
            json.field("failedNodeStillRunning", r.reconnects().failedNode().stillRunning());
            if (!r.reconnects().failedNode().stillRunning()) {
                json.field("failedNodeGoneSeconds", r.reconnects().failedNode().goneSeconds());
            }
        }
        percentiles(json, "timeMs", r.reconnects().times());
        json.endObject();
        json.field("drainSeconds", r.drainSeconds()).field("drainTimedOut", r.drainTimedOut());
        json.counts("clientProblems", r.clientProblems());
        json.counts("publishProblems", r.publishProblems());
        json.beginArray("timeline");
        for (Timeline.Point p : r.timeline()) {
            json.beginObject().field("seconds", p.seconds()).field("phase", p.phase()).field("deliveriesPerSecond", p.rate())
                    .field("p99Ms", p.p99Millis()).endObject();
        }
        json.endArray();
        json.beginArray("failures");
        r.failures().forEach(json::value);
        json.endArray();
        json.endObject();
        Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    }

    static void percentiles(Json json, String name, Histogram h) {
        json.object(name).field("count", h.getTotalCount());
        for (double p : PERCENTILES) {
            json.field("p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)), Histograms.percentileMillis(h, p));
        }
        json.field("max", Histograms.maxMillis(h)).field("mean", Histograms.meanMillis(h)).endObject();
    }

    /** A latency distribution (microseconds) in HdrHistogram's text format, in milliseconds. */
    public static void writeHgrm(Histogram histogram, Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
    }
}
