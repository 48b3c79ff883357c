package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.LoadTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Usage errors of {@code --workers}, refused before any worker starts. */
class WorkersOptionsTest {
    private static final String TARGET = " --url ws://127.0.0.1:1/ws --secret a-test-secret-of-at-least-32-bytes-long";

    private final StringWriter err = new StringWriter();

    private int run(String args) {
        return new CommandLine(new LoadTest()).setCaseInsensitiveEnumValuesAllowed(true).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true))
                .execute(args.split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "idle --workers 0|--workers: 0 (expected: 1..64)",
        "churn --workers 65|--workers: 65 (expected: 1..64)",
        "idle --clients 19000|--clients: 19000 (expected: 1..18000 with 1 process(es)",
        "connect-storm --clients 3 --workers 4|--clients: 3 (expected: 4..72000 with 4 process(es)",
        "idle --clients 36001 --workers 2|--clients: 36001 (expected: 2..36000 with 2 process(es)",
        "idle --workers 2 --worker-result /tmp/x|--workers: 2 (expected: 1 in a worker process)",
    })
    void refusesBadOptionsWithTheValueAndWhatWasExpected(String options, String message) {
        assertThat(run(options + TARGET)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void refusesMoreClientsThanTheEphemeralPortsOfOneSourceAddress() {
        // 72,000 clients on one target URL exceed any Linux ephemeral range (at most 64,512 ports).
        assertThat(run("idle --clients 72000 --workers 4" + TARGET)).isEqualTo(2);

        assertThat(err.toString()).contains("--clients: 72000 clients over 1 target URL(s) need 72000 ephemeral ports each",
                "--local-addresses");
    }
}
