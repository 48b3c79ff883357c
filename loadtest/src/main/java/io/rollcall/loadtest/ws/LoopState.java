package io.rollcall.loadtest.ws;

import io.netty.channel.EventLoop;
import io.rollcall.loadtest.stats.DeliveryStats;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.MeasureWindow;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one event loop share: the frame reader, their delivery stats, their connect
 * and reconnect times and the list of them (for end-of-run tallies). Event loop only, except where
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

    LoopState(EventLoop loop, MeasureWindow window, FrameReader reader) {
        this.loop = loop;
        this.reader = reader;
        this.deliveries = new DeliveryStats(window);
    }
}
