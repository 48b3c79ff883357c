package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagProbeTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void a_blocked_loop_shows_as_lagging_while_it_is_blocked_and_recovers_after() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            LoopLagProbe probe = new LoopLagProbe(loop, 10 * MS);
            probe.start();
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.lagNanos(System.nanoTime()) >= 200 * MS);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.lagNanos(System.nanoTime()) < 100 * MS);
            probe.stop();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
