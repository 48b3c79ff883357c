package io.rollcall.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A single-file HTML report: title, verdict, failures, a summary table and SVG plots, with no
 * script and nothing loaded from elsewhere. Built section by section; not thread-safe.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;
    private boolean tableOpen = true;

    public HtmlReport(String title, boolean passed, List<String> failures) {
        this.title = title;
        body.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        body.append("<p class=\"").append(passed ? "pass" : "fail").append("\">RESULT: ").append(passed ? "PASS" : "FAILURE")
                .append("</p>\n");
        if (!failures.isEmpty()) {
            body.append("<ul>\n");
            failures.forEach(f -> body.append("<li>").append(Html.escape(f)).append("</li>\n"));
            body.append("</ul>\n");
        }
        body.append("<table>\n");
    }

    /** A summary row (rows come before the plots). */
    public HtmlReport row(String name, String value) {
        body.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
        return this;
    }

    /** An SVG plot from {@link SvgPlot}; closes the summary table on the first call. */
    public HtmlReport plot(String svg) {
        closeTable();
        body.append("<figure>").append(svg).append("</figure>\n");
        return this;
    }

    private void closeTable() {
        if (tableOpen) {
            body.append("</table>\n");
            tableOpen = false;
        }
    }

    public String render() {
        closeTable();
        String content = body.toString();
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
                + "th,td{text-align:left;padding:2px 12px 2px 0;vertical-align:top}th{font-weight:600}"
                + ".pass{color:#2ca02c;font-weight:700}.fail{color:#d62728;font-weight:700}figure{margin:1.5em 0}</style>\n"
                + "</head><body>\n" + content + "</body></html>\n";
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
