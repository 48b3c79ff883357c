package io.rollcall.loadtest.ws;

import io.netty.channel.EventLoop;
import io.rollcall.loadtest.stats.DeliveryStats;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.MeasureWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one event loop share: the frame reader, their delivery stats, their connect
 * and reconnect times, the list of them (for end-of-run tallies) and the clients waiting to start. Event loop only, except where
 * {@link DeliveryStats} says otherwise.
 */
final class LoopState {
    final EventLoop loop;
    final FrameReader reader;
    final DeliveryStats deliveries;
    final Histogram connectTimes = Histograms.newHistogram();
    /** Disconnect to resumed subscription, per reconnect (microseconds). */
    final Histogram reconnectTimes = Histograms.newHistogram();
    final List<SubscriberHandler> members = new ArrayList<>();
    /** Clients asked of this loop and not started yet (thread-safe); a non-zero count has {@link #opener} queued. */
    final AtomicInteger pendingOpens = new AtomicInteger();
    /** Starts the pending clients; set once by the fleet before the first open. */
    Runnable opener;

    LoopState(EventLoop loop, MeasureWindow window, FrameReader reader) {
        this.loop = loop;
        this.reader = reader;
        this.deliveries = new DeliveryStats(window);
    }
}
