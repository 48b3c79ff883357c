package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.config.ServerConfig;
import io.rollcall.metrics.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OverloadMonitorTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final ServerMetrics metrics = new ServerMetrics();
    private final OverloadMonitor monitor = new OverloadMonitor(
            new ServerConfig.Overload(Duration.ofMillis(100), Duration.ofMillis(100), 90, 1000), metrics, () -> 0);

    @Test
    void any_measure_at_its_mark_makes_the_node_overloaded() {
        assertThat(monitor.evaluate(new OverloadMonitor.Load(99 * MS, 0.5, 999))).isFalse();
        assertThat(new OverloadMonitor(new ServerConfig.Overload(Duration.ofMillis(100), Duration.ofMillis(100), 90, 1000), metrics, () -> 0)
                .evaluate(new OverloadMonitor.Load(100 * MS, 0, 0))).isTrue();
        assertThat(new OverloadMonitor(new ServerConfig.Overload(Duration.ofMillis(100), Duration.ofMillis(100), 90, 1000), metrics, () -> 0)
                .evaluate(new OverloadMonitor.Load(0, 0.9, 0))).isTrue();
        assertThat(monitor.evaluate(new OverloadMonitor.Load(0, 0, 1000))).isTrue();
        assertThat(monitor.isOverloaded()).isTrue();
    }

    @Test
    void the_node_relaxes_only_when_every_measure_falls_well_under_its_mark() {
        monitor.evaluate(new OverloadMonitor.Load(0, 0, 2000));
        assertThat(monitor.evaluate(new OverloadMonitor.Load(0, 0, 800))).as("under the mark but not under 70%").isTrue();
        assertThat(monitor.evaluate(new OverloadMonitor.Load(80 * MS, 0, 100))).as("lag still near its mark").isTrue();
        assertThat(monitor.evaluate(new OverloadMonitor.Load(10 * MS, 0.5, 100))).isFalse();
        assertThat(monitor.isOverloaded()).isFalse();
    }

    @Test
    void the_state_is_a_gauge() {
        assertThat(metrics.scrape()).contains("rollcall_overloaded 0.0");
        monitor.evaluate(new OverloadMonitor.Load(0, 0, 5000));
        assertThat(metrics.scrape()).contains("rollcall_overloaded 1.0");
    }
}
