package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rollcall.config.Setting;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import io.rollcall.testing.TestServer;
import io.rollcall.testing.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A close code that blames the client (here 1009: its connect frame is over the node's
 * max-frame-size) stops the client instead of reconnecting into the same refusal forever.
 */
class ClientFaultIT {
    @RegisterExtension
    final TestServer server = new TestServer().with(Setting.MAX_FRAME_SIZE, "256");

    @Test
    void a_close_that_blames_the_client_fails_connect_tells_the_listener_and_ends_reconnecting() throws Exception {
        String oversizedToken = Tokens.watch("host-" + "x".repeat(400), "gala");
        AtomicInteger tokensAsked = new AtomicInteger();
        AtomicInteger errorCode = new AtomicInteger();
        try (RollcallClient client = RollcallClient.builder().uri(server.wsUri())
                .tokens(() -> {
                    tokensAsked.incrementAndGet();
                    return oversizedToken;
                })
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            client.subscribe("gala", new EventListener() {
                @Override
                public void onSnapshot(String eventId, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests) {}

                @Override
                public void onUpdate(Update update) {}

                @Override
                public void onError(int code, String message) {
                    errorCode.set(code);
                }
            });
            assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("1009");
            assertThat(errorCode).hasValue(1009);
            // With a 10–20 ms backoff, a client that kept reconnecting would ask for dozens of tokens here.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> tokensAsked.get() == 1);
            assertThat(client.sessions()).isZero();
        }
    }
}
