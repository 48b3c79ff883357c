package io.rollcall.loadtest.workers;

import io.rollcall.loadtest.scenario.ConnectionPlan;
import io.rollcall.loadtest.scenario.ConnectionResult;
import io.rollcall.loadtest.stats.CpuSampler;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Merges the workers' connection results into the result one process running every client would
 * have produced: counts add up, connect-time histograms are added (so percentiles are those of all
 * clients), the connect phase runs from the common start to the last worker's end, the steady
 * rates add up (the workers' storms run at once), timelines are
 * aligned on the common start and summed per second, and each worker's failures are kept, named.
 * The server's RSS before connecting and once all workers were connected is the parent's reading
 * (the workers' own readings overlap other workers' connects); at the end, the highest worker
 * reading. Stateless.
 */
public final class ConnectionMerger {
    private ConnectionMerger() {}

    /** Server RSS (bytes, -1 unknown) the parent read before the workers started and once all were connected. */
    public record ServerRss(long before, long connected) {}

    public static ConnectionResult merge(ConnectionPlan plan, Instant start, List<ConnectionParts.Part> parts, ServerRss rss) {
        int attempted = 0;
        int ready = 0;
        int failed = 0;
        int disconnected = 0;
        int ended = 0;
        double connectSeconds = 0;
        double steady = 0;
        long workerRssConnected = -1;
        long rssEnd = -1;
        Histogram connectTimes = Histograms.newHistogram();
        Map<String, Long> problems = new HashMap<>();
        Map<String, Long> tlsSessions = new HashMap<>();
        List<List<Timeline.Point>> timelines = new ArrayList<>();
        double[] offsets = new double[parts.size()];
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ConnectionResult r = parts.get(i).result();
            offsets[i] = Duration.between(start, parts.get(i).began()).toNanos() / 1e9;
            attempted += r.attempted();
            ready += r.ready();
            failed += r.failed();
            disconnected += r.disconnected();
            ended += r.ended();
            connectSeconds = Math.max(connectSeconds, offsets[i] + r.connectSeconds());
            steady = steady < 0 || r.steadyConnectionsPerSecond() < 0 ? -1 : steady + r.steadyConnectionsPerSecond();
            workerRssConnected = Math.max(workerRssConnected, r.rssConnected());
            rssEnd = Math.max(rssEnd, r.rssEnd());
            connectTimes.add(r.connectTimes());
            r.problems().forEach((problem, count) -> problems.merge(problem, count, Long::sum));
            r.tlsSessions().forEach((session, count) -> tlsSessions.merge(session, count, Long::sum));
            timelines.add(r.timeline());
            for (String failure : r.failures()) {
                failures.add("worker " + i + ": " + failure);
            }
        }
        return new ConnectionResult(plan, attempted, ready, failed, disconnected, ended, connectSeconds, steady, connectTimes, rss.before(),
                rss.connected() >= 0 ? rss.connected() : workerRssConnected, rssEnd, cpu(parts), mostFrequentFirst(tlsSessions), List.of(),
                mostFrequentFirst(problems),
                Timeline.merge(timelines, offsets), failures);
    }

    /**
     * The workers' CPU over their connect phases: generator time adds up (each worker measured
     * only itself); the server's and the machine's are each worker's view of the same processes,
     * so they are averaged.
     */
    static CpuSampler.Usage cpu(List<ConnectionParts.Part> parts) {
        double generator = 0;
        double watched = 0;
        double machine = 0;
        int measured = 0;
        for (ConnectionParts.Part part : parts) {
            CpuSampler.Usage usage = part.result().connectCpu();
            if (usage != null) {
                generator += usage.generator();
                watched += usage.watched();
                machine += usage.machine();
                measured++;
            }
        }
        if (measured == 0) {
            return null;
        }
        return new CpuSampler.Usage(generator, watched < 0 ? -1 : watched / measured, machine < 0 ? -1 : machine / measured);
    }

    private static Map<String, Long> mostFrequentFirst(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
