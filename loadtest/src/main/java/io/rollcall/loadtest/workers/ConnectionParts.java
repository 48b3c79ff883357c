package io.rollcall.loadtest.workers;

import io.rollcall.loadtest.scenario.ConnectionPlan;
import io.rollcall.loadtest.scenario.ConnectionResult;
import io.rollcall.loadtest.stats.CpuSampler;
import java.time.Instant;

/** Turns a connection run's result into a {@link WorkerResult} and back. Stateless. */
public final class ConnectionParts {
    /** One worker's result and when it started its run. */
    public record Part(Instant began, ConnectionResult result) {}

    private ConnectionParts() {}

    public static WorkerResult encode(ConnectionResult r, Instant began) {
        WorkerResult out = new WorkerResult()
                .put("began.seconds", began.getEpochSecond()).put("began.nanos", began.getNano())
                .put("attempted", r.attempted()).put("ready", r.ready()).put("failed", r.failed())
                .put("disconnected", r.disconnected()).put("ended", r.ended()).put("connectSeconds", r.connectSeconds())
                .put("steadyConnectionsPerSecond", r.steadyConnectionsPerSecond())
                .put("connectTimes", r.connectTimes())
                .put("rss.before", r.rssBefore()).put("rss.connected", r.rssConnected()).put("rss.end", r.rssEnd())
                .putCounts("problems", r.problems()).putCounts("tlsSessions", r.tlsSessions()).putTimeline("timeline", r.timeline()).put("failures", r.failures());
        if (r.connectCpu() != null) {
            out.put("cpu.generator", r.connectCpu().generator()).put("cpu.watched", r.connectCpu().watched())
                    .put("cpu.machine", r.connectCpu().machine());
        }
        return out;
    }

    /** A worker's result; {@code plan} is the whole run's (the worker's own plan is not needed). */
    public static Part decode(WorkerResult in, ConnectionPlan plan) {
        CpuSampler.Usage cpu = in.has("cpu.generator")
                ? new CpuSampler.Usage(in.doubleValue("cpu.generator"), in.doubleValue("cpu.watched"), in.doubleValue("cpu.machine"))
                : null;
        ConnectionResult result = new ConnectionResult(plan, in.intValue("attempted"), in.intValue("ready"), in.intValue("failed"),
                in.intValue("disconnected"), in.intValue("ended"), in.doubleValue("connectSeconds"),
                in.doubleValue("steadyConnectionsPerSecond"), in.histogram("connectTimes"),
                in.longValue("rss.before"), in.longValue("rss.connected"), in.longValue("rss.end"), cpu, in.counts("tlsSessions"),
                java.util.List.of(), in.counts("problems"),
                in.timeline("timeline"), in.texts("failures"));
        return new Part(Instant.ofEpochSecond(in.longValue("began.seconds"), in.longValue("began.nanos")), result);
    }
}
