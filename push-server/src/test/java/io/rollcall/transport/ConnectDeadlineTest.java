package io.rollcall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.rollcall.metrics.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectDeadlineTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private void install(Duration timeout) {
        channel.freezeTime();
        channel.pipeline().addLast(PipelineNames.CONNECT_DEADLINE, new ConnectDeadline(timeout, new ServerMetrics()));
    }

    private void advanceSeconds(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void a_connection_that_does_nothing_is_closed_at_the_deadline() {
        install(Duration.ofSeconds(10));
        advanceSeconds(9);
        assertThat(channel.isOpen()).isTrue();
        advanceSeconds(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void rearming_with_a_later_deadline_keeps_the_connection_until_then() {
        install(Duration.ofSeconds(10));
        advanceSeconds(8);
        ConnectDeadline.rearm(channel.pipeline(), Duration.ofSeconds(30), true);
        advanceSeconds(10);
        assertThat(channel.isOpen()).as("18 s in, 10 s after the re-arm").isTrue();
        advanceSeconds(19);
        assertThat(channel.isOpen()).isTrue();
        advanceSeconds(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void rearming_with_an_earlier_deadline_closes_sooner() {
        install(Duration.ofSeconds(30));
        ConnectDeadline.rearm(channel.pipeline(), Duration.ofSeconds(5), true);
        advanceSeconds(5);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void a_cancelled_deadline_never_closes() {
        install(Duration.ofSeconds(10));
        ConnectDeadline.cancel(channel.pipeline());
        advanceSeconds(60);
        assertThat(channel.isOpen()).isTrue();
    }
}
