package io.rollcall.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void rendersAStandaloneDocumentWithVerdictFailuresRowsAndPlots() {
        String html = new HtmlReport("run <1>", false, List.of("3 deliveries lost & more"))
                .row("clients", "10 ready")
                .plot("<svg id=\"p\"></svg>")
                .render();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>run &lt;1&gt;</title>", "RESULT: FAILURE",
                "<li>3 deliveries lost &amp; more</li>", "<tr><th>clients</th><td>10 ready</td></tr>", "<svg id=\"p\"></svg>");
        assertThat(html.indexOf("</table>")).isLessThan(html.indexOf("<svg"));
        assertThat(html).doesNotContain("<script", "http://", "https://");
    }

    @Test
    void aPassingRunWithoutPlotsStillClosesItsTable() {
        String html = new HtmlReport("ok", true, List.of()).row("a", "b").render();
        assertThat(html).contains("RESULT: PASS", "</table>").doesNotContain("<ul>");
    }
}
