package io.rollcall.limits;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import io.rollcall.config.ServerConfig;
import io.rollcall.metrics.ServerMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the node is overloaded from event-loop lag, memory in use and the bytes queued
 * for all clients, measured every check interval (the queued bytes at most once a second). It
 * turns overloaded when any measure reaches its mark and healthy again only when every measure is
 * under {@link #RELAX_FRACTION} of its mark, so it does not flap around a mark. Each transition
 * is logged; the state is the {@code rollcall.overloaded} gauge. Thread-safe; {@link #isOverloaded()} is a volatile read.
 */
public final class OverloadMonitor {
    /** Share of each mark every measure must fall under before the node counts as healthy again. */
    static final double RELAX_FRACTION = 0.7;
    /**
     * Least time between two sums of the outbound bytes: the sum visits every connection, which at
     * tens of thousands of connections and the default 250 ms checks was several percent of a
     * core, while a backlog big enough to matter builds over seconds.
     */
    static final long PENDING_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(OverloadMonitor.class);

    private final ServerConfig.Overload marks;
    private final LongSupplier pendingBytes;
    private final List<LoopLagProbe> probes = new ArrayList<>();
    private volatile boolean overloaded;
    private volatile Load last = new Load(0, 0, 0);
    /** Checker thread only. */
    private long pendingSweptAtNanos;
    private long lastPendingBytes;
    private boolean swept;
    private ScheduledFuture<?> checks;

    /** What was measured at one check. {@code memoryUsed} is a share of the maximum, 0 to 1. */
    record Load(long loopLagNanos, double memoryUsed, long pendingBytes) {
        @Override
        public String toString() {
            return String.format("loop lag %d ms, memory %.0f%%, outbound %d KiB", TimeUnit.NANOSECONDS.toMillis(loopLagNanos),
                    memoryUsed * 100, pendingBytes >> 10);
        }
    }

    public OverloadMonitor(ServerConfig.Overload marks, ServerMetrics metrics, LongSupplier pendingBytes) {
        this.marks = marks;
        this.pendingBytes = pendingBytes;
        metrics.gauge("rollcall.overloaded", "1 while the node sheds new connections and tightens inbound rates, else 0", this,
                m -> m.overloaded ? 1 : 0);
        metrics.gauge("rollcall.eventloop.lag.seconds", "Largest event-loop lag at the last overload check", this,
                m -> m.last.loopLagNanos() / 1e9);
    }

    /** Starts a lag probe on every loop of {@code loops} and the checks on {@code checker}. */
    public void start(EventExecutorGroup loops, EventExecutor checker) {
        long interval = marks.checkInterval().toNanos();
        for (EventExecutor loop : loops) {
            LoopLagProbe probe = new LoopLagProbe(loop, interval);
            probes.add(probe);
            probe.start();
        }
        checks = checker.scheduleAtFixedRate(this::check, interval, interval, TimeUnit.NANOSECONDS);
    }

    public void stop() {
        if (checks != null) {
            checks.cancel(false);
        }
        probes.forEach(LoopLagProbe::stop);
    }

    public boolean isOverloaded() {
        return overloaded;
    }

    private void check() {
        long now = System.nanoTime();
        long lag = 0;
        for (LoopLagProbe probe : probes) {
            lag = Math.max(lag, probe.lagNanos(now));
        }
        evaluate(new Load(lag, memoryUsed(), pendingBytes(now)));
    }

    private long pendingBytes(long now) {
        if (!swept || now - pendingSweptAtNanos >= PENDING_SWEEP_NANOS) {
            swept = true;
            pendingSweptAtNanos = now;
            lastPendingBytes = pendingBytes.getAsLong();
        }
        return lastPendingBytes;
    }

    /** Applies one set of measures; returns whether the node is now overloaded. */
    boolean evaluate(Load load) {
        last = load;
        if (!overloaded && beyond(load, 1.0)) {
            overloaded = true;
            log.warn("node overloaded ({}): refusing new connections, inbound rate tightened", load);
        } else if (overloaded && !beyond(load, RELAX_FRACTION)) {
            overloaded = false;
            log.info("node no longer overloaded ({}): accepting new connections", load);
        }
        return overloaded;
    }

    private boolean beyond(Load load, double share) {
        return load.loopLagNanos() >= marks.loopLag().toNanos() * share
                || load.memoryUsed() * 100 >= marks.memoryPercent() * share
                || load.pendingBytes() >= marks.pendingBytes() * share;
    }

    /**
     * The larger of old-generation heap in use after the last collection (live data, not garbage
     * awaiting collection) and direct memory in use, each as a share of its maximum.
     */
    private static double memoryUsed() {
        double used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            // Pools supporting both thresholds are the tenured ones; young pools are full by design.
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported() && pool.isCollectionUsageThresholdSupported()) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                if (afterGc != null && afterGc.getMax() > 0) {
                    used = Math.max(used, (double) afterGc.getUsed() / afterGc.getMax());
                }
            }
        }
        long maxDirect = PlatformDependent.maxDirectMemory();
        long usedDirect = PlatformDependent.usedDirectMemory();
        if (usedDirect < 0 && ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            usedDirect = provider.metric().usedDirectMemory();
        }
        if (maxDirect > 0 && usedDirect > 0) {
            used = Math.max(used, (double) usedDirect / maxDirect);
        }
        return used;
    }
}
