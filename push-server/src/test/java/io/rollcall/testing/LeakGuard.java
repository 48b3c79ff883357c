package io.rollcall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (tests run with paranoid
 * leak detection). Registered for every test class through the service loader.
 */
public final class LeakGuard implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        // Leaks are found when collected buffers' trackers are polled by later allocations.
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        assertThat(LeakReports.REPORTS).as("Netty buffer leak reports").isEmpty();
    }
}
