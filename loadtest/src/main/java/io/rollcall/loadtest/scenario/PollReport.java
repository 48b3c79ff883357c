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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Renders a {@link PollResult}: console summary, JSON, .hgrm and the HTML report. Thread-safe. */
public final class PollReport {
    private PollReport() {}

    static List<String[]> rows(PollResult r) {
        PollPlan plan = r.plan();
        Histogram h = r.latency();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"clients", String.format(Locale.ROOT, "%,d connected of %,d, polling every %s", r.connected(),
                plan.clients(), FanOutScenario.human(plan.interval()))});
        rows.add(new String[] {"polls", String.format(Locale.ROOT, "%,d answered (%,.0f/s) in %.1f s, %,d errors, %,d skipped (previous "
                + "still in flight); %,d updates published", r.polls(), r.polls() / Math.max(1e-9, r.windowSeconds()), r.windowSeconds(),
                r.errors(), r.skipped(), r.published())});
        rows.add(new String[] {"poll latency", String.format(Locale.ROOT, "p50 %.2f ms  p99 %.2f ms  max %.2f ms",
                Histograms.percentileMillis(h, 50), Histograms.percentileMillis(h, 99), Histograms.maxMillis(h))});
        rows.add(new String[] {"traffic", String.format(Locale.ROOT, "%,.0f bytes per client per second received (%,d in total)",
                r.bytesPerClientSecond(), r.bytes())});
        rows.add(new String[] {"cpu (measured)", r.cpu().describe() + " cores"});
        return rows;
    }

    public static void printSummary(PollResult r, PrintStream out) {
        out.println();
        out.println("==== poll summary ====");
        for (String[] row : rows(r)) {
            out.printf(Locale.ROOT, "%-19s %s%n", row[0], row[1]);
        }
        r.problems().entrySet().stream().limit(10).forEach(e -> out.printf(Locale.ROOT, "    %,8d  %s%n", e.getValue(), e.getKey()));
        out.println(r.passed() ? "RESULT: PASS" : "RESULT: FAILURE");
        r.failures().forEach(f -> out.println("  - " + f));
    }

    public static void write(PollResult r, OutputOptions output) throws IOException {
        output.prepare();
        if (output.jsonOut() != null) {
            Files.writeString(output.jsonOut(), json(r), StandardCharsets.UTF_8);
        }
        if (output.hgrmOut() != null) {
            FanOutReport.writeHgrm(r.latency(), output.hgrmOut());
        }
        if (output.htmlOut() != null) {
            HtmlReport html = new HtmlReport("rollcall loadtest: poll", r.passed(), r.failures());
            rows(r).forEach(row -> html.row(row[0], row[1]));
            html.plot(SvgPlot.percentiles("Poll latency by percentile (intended poll time to response)", Map.of("poll", r.latency())))
                    .plot(SvgPlot.rateOverTime("Polls answered per second", "polls/s", r.timeline()))
                    .write(output.htmlOut());
        }
    }

    static String json(PollResult r) {
        PollPlan plan = r.plan();
        Json json = new Json().beginObject().field("scenario", "poll").field("passed", r.passed());
        json.object("config").field("http", plan.http().toString()).field("event", plan.eventId()).field("clients", plan.clients())
                .field("intervalSeconds", plan.interval().toMillis() / 1000.0).field("rate", plan.rate())
                .field("durationSeconds", plan.duration().toMillis() / 1000.0).endObject();
        json.field("connected", r.connected()).field("polls", r.polls()).field("errors", r.errors()).field("skipped", r.skipped())
                .field("bytes", r.bytes()).field("windowSeconds", r.windowSeconds())
                .field("bytesPerClientSecond", r.bytesPerClientSecond()).field("published", r.published());
        FanOutReport.percentiles(json, "latencyMs", r.latency());
        json.object("cpuCores").field("generator", r.cpu().generator()).field("server", r.cpu().watched())
                .field("others", r.cpu().others()).endObject();
        json.counts("problems", r.problems());
        json.beginArray("timeline");
        for (Timeline.Point p : r.timeline()) {
            json.beginObject().field("seconds", p.seconds()).field("phase", p.phase()).field("pollsPerSecond", p.rate()).endObject();
        }
        json.endArray();
        json.beginArray("failures");
        r.failures().forEach(json::value);
        json.endArray();
        return json.endObject().toString();
    }
}
