package io.rollcall.loadtest.scenario;

import io.rollcall.loadtest.cli.OutputOptions;
import io.rollcall.loadtest.report.HtmlReport;
import io.rollcall.loadtest.report.SvgPlot;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Json;
import io.rollcall.loadtest.stats.Timeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Renders a {@link ConnectionResult}: console summary, JSON, connect-time .hgrm and the HTML report. Thread-safe. */
public final class ConnectionReport {
    private ConnectionReport() {}

    /** The summary rows, shared by the console and the HTML report. */
    static List<String[]> rows(ConnectionResult r) {
        ConnectionPlan plan = r.plan();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"clients", String.format(Locale.ROOT, "%,d ready of %,d (%d failed), event %s, %d target(s)", r.ready(),
                plan.clients(), r.failed(), plan.eventId(), plan.urls().size())});
        rows.add(new String[] {"wire", plan.wire().describe()});
        if (!r.tlsSessions().isEmpty()) {
            rows.add(new String[] {"tls sessions", describe(r.tlsSessions())});
        }
        for (int k = 0; k < r.warmups().size(); k++) {
            ConnectionResult.WarmupStorm storm = r.warmups().get(k);
            rows.add(new String[] {"warm-up storm " + (k + 1), String.format(Locale.ROOT,
                    "%,d ready of %,d in %.2f s: %,.0f connections/s (%s); generator %s (not measured)", storm.ready(),
                    storm.clients(), storm.seconds(), storm.connectionsPerSecond(), steady(storm.steady()),
                    micros(storm.generatorMicrosPerConnection()))});
        }
        rows.add(new String[] {"connect rate", String.format(Locale.ROOT,
                "%,.0f connections/s (connect + auth + subscribe + snapshot) over %.2f s (%s); asked for %,.0f/s, at most %d at once",
                r.connectionsPerSecond(), r.connectSeconds(), steady(r.steadyConnectionsPerSecond()), plan.connectRate(),
                plan.maxConnecting())});
        Histogram t = r.connectTimes();
        rows.add(new String[] {"connect latency", String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                ms(t, 50), ms(t, 90), ms(t, 99), ms(t, 99.9), t.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms",
                        Histograms.maxMillis(t)))});
        if (r.connectCpu() != null) {
            rows.add(new String[] {"cpu (connect)", r.connectCpu().describe() + " cores; generator "
                    + micros(r.generatorMicrosPerConnection())});
        }
        if (r.rssBefore() >= 0) {
            rows.add(new String[] {"server rss", String.format(Locale.ROOT,
                    "%.1f MiB before, %.1f MiB connected, %.1f MiB at end; %.2f KiB per connection", r.rssBefore() / 1048576.0,
                    r.rssConnected() / 1048576.0, r.rssEnd() / 1048576.0, r.rssPerConnection() / 1024)});
        }
        if (plan.lifetime() != null) {
            rows.add(new String[] {"churn", String.format(Locale.ROOT, "%,d ended after their %s lifetime, %,d dropped, %,d failed",
                    r.ended(), FanOutScenario.human(plan.lifetime()), r.disconnected(), r.failed())});
        } else {
            rows.add(new String[] {"held", String.format(Locale.ROOT, "%s; %d dropped", FanOutScenario.human(plan.hold()), r.disconnected())});
        }
        return rows;
    }

    private static String describe(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((what, n) -> text.append(text.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT, "%,d %s", n, what)));
        return text.toString();
    }

    private static String steady(double rate) {
        String middle = String.format(Locale.ROOT, "%.0f–%.0f %% ready", ConnectionResult.Steady.FROM * 100,
                ConnectionResult.Steady.TO * 100);
        return rate < 0 ? middle + ": -" : String.format(Locale.ROOT, "%s: %,.0f/s", middle, rate);
    }

    private static String micros(double perConnection) {
        return perConnection < 0 ? "- per connection" : String.format(Locale.ROOT, "%.0f µs CPU per connection", perConnection);
    }

    public static void printSummary(ConnectionResult r, PrintStream out) {
        out.println();
        out.println("==== " + r.plan().scenario() + " summary ====");
        for (String[] row : rows(r)) {
            out.printf(Locale.ROOT, "%-19s %s%n", row[0], row[1]);
        }
        if (!r.problems().isEmpty()) {
            out.println("problems");
            r.problems().entrySet().stream().limit(10).forEach(e -> out.printf(Locale.ROOT, "    %,8d  %s%n", e.getValue(), e.getKey()));
        }
        out.println(r.passed() ? "RESULT: PASS" : "RESULT: FAILURE");
        r.failures().forEach(f -> out.println("  - " + f));
    }

    public static void write(ConnectionResult r, OutputOptions output) throws IOException {
        output.prepare();
        if (output.jsonOut() != null) {
            Files.writeString(output.jsonOut(), json(r), StandardCharsets.UTF_8);
        }
        if (output.hgrmOut() != null) {
            FanOutReport.writeHgrm(r.connectTimes(), output.hgrmOut());
        }
        if (output.htmlOut() != null) {
            writeHtml(r, output.htmlOut());
        }
    }

    static String json(ConnectionResult r) {
        ConnectionPlan plan = r.plan();
        Json json = new Json().beginObject().field("scenario", plan.scenario()).field("passed", r.passed());
        json.object("config")
                .field("urls", plan.urls().toString())
                .field("event", plan.eventId())
                .field("clients", plan.clients())
                .field("connectRate", plan.connectRate())
                .field("maxConnecting", plan.maxConnecting())
                .field("holdSeconds", plan.hold().toMillis() / 1000.0)
                .field("lifetimeSeconds", plan.lifetime() == null ? 0 : plan.lifetime().toMillis() / 1000.0)
                .field("threads", plan.threads())
                .field("transport", plan.transport().name())
                .field("subprotocol", plan.wire().subprotocol().subprotocol())
                .field("tls", plan.wire().tls() != null)
                .field("tlsProvider", plan.wire().tls() == null ? "" : plan.wire().tls().provider())
                .field("warmupStorms", plan.warmupStorms())
                .field("warmupClients", plan.warmupClients())
                .endObject();
        json.field("attempted", r.attempted()).field("ready", r.ready()).field("failed", r.failed())
                .field("disconnected", r.disconnected()).field("ended", r.ended())
                .field("connectSeconds", r.connectSeconds()).field("connectionsPerSecond", r.connectionsPerSecond())
                .field("steadyConnectionsPerSecond", r.steadyConnectionsPerSecond())
                .field("generatorCpuMicrosPerConnection", r.generatorMicrosPerConnection());
        json.counts("tlsSessions", r.tlsSessions());
        json.beginArray("warmups");
        for (ConnectionResult.WarmupStorm storm : r.warmups()) {
            json.beginObject().field("clients", storm.clients()).field("ready", storm.ready()).field("seconds", storm.seconds())
                    .field("connectionsPerSecond", storm.connectionsPerSecond()).field("steadyConnectionsPerSecond", storm.steady())
                    .field("generatorCpuMicrosPerConnection", storm.generatorMicrosPerConnection()).endObject();
        }
        json.endArray();
        FanOutReport.percentiles(json, "connectTimeMs", r.connectTimes());
        if (r.rssBefore() >= 0) {
            json.object("serverRssBytes").field("before", r.rssBefore()).field("connected", r.rssConnected()).field("end", r.rssEnd())
                    .field("perConnection", r.rssPerConnection()).endObject();
        }
        if (r.connectCpu() != null) {
            json.object("connectCpuCores").field("generator", r.connectCpu().generator()).field("server", r.connectCpu().watched())
                    .field("others", r.connectCpu().others()).endObject();
        }
        json.counts("problems", r.problems());
        json.beginArray("timeline");
        for (Timeline.Point p : r.timeline()) {
            json.beginObject().field("seconds", p.seconds()).field("phase", p.phase()).field("readyPerSecond", p.rate()).endObject();
        }
        json.endArray();
        json.beginArray("failures");
        r.failures().forEach(json::value);
        json.endArray();
        return json.endObject().toString();
    }

    static void writeHtml(ConnectionResult r, Path file) throws IOException {
        HtmlReport html = new HtmlReport("rollcall loadtest: " + r.plan().scenario(), r.passed(), r.failures());
        for (String[] row : rows(r)) {
            html.row(row[0], row[1]);
        }
        html.plot(SvgPlot.percentiles("Connect latency by percentile (TCP connect to snapshot)", Map.of("connect", r.connectTimes())))
                .plot(SvgPlot.rateOverTime("Clients ready per second", "ready/s", r.timeline()))
                .write(file);
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", Histograms.percentileMillis(h, percentile));
    }
}
