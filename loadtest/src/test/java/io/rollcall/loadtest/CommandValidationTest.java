package io.rollcall.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CommandValidationTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long";

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new LoadTest()).setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rooms --events 0|--events: 0 (expected: 1..100000)",
        "rooms --event-prefix bad/prefix|--event-prefix: bad/prefix",
        "rooms --zipf-exponent 0|--zipf-exponent: 0.0",
        "broadcast --event bad.id|--event: bad.id (expected: [A-Za-z0-9_-]{1,64})",
        "broadcast --rate 0|--rate: 0.0",
        "broadcast --note-chars 501|--note-chars: 501 (expected: 0..500",
        "broadcast --publish-via redis|--redis: missing (expected: redis://host:port with --publish-via redis)",
        "rooms --redis redis://127.0.0.1:1|--redis: redis://127.0.0.1:1 (expected: only with --publish-via redis)",
        "broadcast --publish-via redis --redis http://127.0.0.1:1|--redis: http://127.0.0.1:1 (expected: redis://host:port)",
        "failover --duration 10s|--kill-pid / --drain-url: neither given (expected: exactly one)",
        "failover --kill-pid 1 --drain-url http://x/drain|--kill-pid / --drain-url: both given",
        "failover --drain-url ftp://x/drain|--drain-url: ftp://x/drain",
        "failover --drain-url http://x/drain --fail-at 1h|--fail-at: PT1H",
        "idle --hold=-1s|--hold: PT-1S",
        "poll --interval 1ms|--interval: PT0.001S",
        "connect-storm --clients 0|--clients: 0",
        "connect-storm --clients 18001|--clients: 18001",
        "connect-storm --warmup-storms 21|--warmup-storms: 21 (expected: 0..20)",
        "connect-storm --warmup-storms 1 --warmup-clients 0|--warmup-clients: 0 (expected: 1..18000)",
        "idle --encoding xml|--encoding",
        "idle --insecure|--insecure: given for ws:// URLs (expected: wss:// URLs)",
        "idle --ca-file /tmp/ca.pem|--ca-file: given for ws:// URLs",
    })
    void refusesBadOptionsWithTheValueAndWhatWasExpected(String options, String message) {
        String[] args = (options + " --url ws://127.0.0.1:9/ws --secret " + SECRET).split(" ");
        assertThat(run(args)).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void refusesANonWebSocketUrlInAList() {
        assertThat(run("connect-storm", "--url", "ws://127.0.0.1:9/ws,http://127.0.0.1:9/", "--secret", SECRET))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--url: http://127.0.0.1:9/ (expected: ws://host:port/path or wss://host:port/path)");
    }

    @Test
    void refusesWssWhereThePublisherOrPollerWouldNeedHttps() {
        assertThat(run("broadcast", "--url", "wss://127.0.0.1:9/ws", "--insecure", "--secret", SECRET)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--url: wss://127.0.0.1:9/ws (expected: ws:// for this scenario");
    }

    @Test
    void refusesMixedSchemesAndConflictingTrust() {
        assertThat(run("idle", "--url", "wss://127.0.0.1:9/ws,ws://127.0.0.1:9/ws", "--insecure", "--secret", SECRET))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--url: ws://127.0.0.1:9/ws (expected: wss:// like the first URL)");

        assertThat(run("idle", "--url", "wss://127.0.0.1:9/ws", "--insecure", "--ca-file", "ca.pem", "--secret", SECRET))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--ca-file / --insecure: both given (expected: at most one)");
    }

    @Test
    void refusesACaFileThatCannotBeRead() {
        assertThat(run("idle", "--url", "wss://127.0.0.1:9/ws", "--ca-file", "/nonexistent/ca.pem", "--secret", SECRET))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--ca-file: /nonexistent/ca.pem (expected: a readable PEM file)");
    }

    @Test
    void refusesAShortSecret() {
        assertThat(run("idle", "--url", "ws://127.0.0.1:9/ws", "--secret", "short")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--secret: 5 bytes");
    }
}
