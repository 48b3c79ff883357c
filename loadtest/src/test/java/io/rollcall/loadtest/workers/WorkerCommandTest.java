package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerCommandTest {
    @Test
    void workersGetTheirShareAndKeepEveryOtherOption() throws Exception {
        WorkerCommand command = new WorkerCommand(List.of("java", "-Xmx1g", "-cp", "lt.jar", "Main"), "idle",
                List.of("--url", "ws://a:1/ws,ws://b:2/ws", "--clients=19000", "--hold", "30s", "--workers", "2", "--report-dir", "/tmp/r",
                        "--local-addresses", "127.0.0.2,127.0.0.3", "--server-pid", "42", "--connect-rate", "3000"));
        WorkerCommand.Shares shares = new WorkerCommand.Shares(19001, 3000, 1000,
                List.of(URI.create("ws://a:1/ws"), URI.create("ws://b:2/ws"), URI.create("ws://c:3/ws")),
                List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")));

        List<String> line = command.forWorker(new WorkerShare(1, 2), shares, Path.of("/tmp/w1.properties"));

        assertThat(line).containsExactly("java", "-Xmx1g", "-cp", "lt.jar", "Main", "idle", "--hold", "30s", "--server-pid", "42",
                "--clients", "9500", "--connect-rate", "1500.0", "--max-connecting", "500",
                "--url", "ws://b:2/ws,ws://a:1/ws,ws://c:3/ws", "--local-addresses", "127.0.0.3",
                "--worker-index", "1", "--worker-count", "2", "--worker-result", "/tmp/w1.properties");
    }
}
