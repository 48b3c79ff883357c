package io.rollcall.loadtest.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Samples CPU time: this process's, optionally one other process's (the server under test, via
 * {@code /proc/PID/stat}) and the whole machine's busy time (via {@code /proc/stat}), so a run can
 * say who used the cores: the generator, the server or something else on a shared machine. Off
 * Linux only this process is measured. Thread-safe.
 */
public final class CpuSampler {
    /** Linux reports /proc times in USER_HZ ticks, 100 per second on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** One reading; fields are -1 when unavailable. */
    public record Sample(long nanoTime, long selfNanos, long watchedNanos, long machineBusyNanos) {}

    /** CPU use between two samples, in cores (1.0 = one core fully busy); -1 when unavailable. */
    public record Usage(double generator, double watched, double machine) {
        /** Cores used by neither the generator nor the watched process. */
        public double others() {
            return machine < 0 ? -1 : Math.max(0, machine - generator - Math.max(0, watched));
        }

        public String describe() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "cpu gen %.2f", generator));
            if (watched >= 0) {
                text.append(String.format(Locale.ROOT, " srv %.2f", watched));
            }
            if (machine >= 0) {
                text.append(String.format(Locale.ROOT, " other %.2f", others()));
            }
            return text.toString();
        }
    }

    private final long watchedPid;
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** @param watchedPid a process to measure too, or 0 for none */
    public CpuSampler(long watchedPid) {
        this.watchedPid = watchedPid;
    }

    public int cores() {
        return cores;
    }

    public Sample sample() {
        long now = System.nanoTime();
        long self = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            self = os.getProcessCpuTime();
        }
        return new Sample(now, self, watchedPid > 0 ? processNanos(watchedPid) : -1, machineBusyNanos());
    }

    public static Usage between(Sample from, Sample to) {
        double wall = Math.max(1, to.nanoTime() - from.nanoTime());
        return new Usage(rate(from.selfNanos(), to.selfNanos(), wall), rate(from.watchedNanos(), to.watchedNanos(), wall),
                rate(from.machineBusyNanos(), to.machineBusyNanos(), wall));
    }

    private static double rate(long from, long to, double wall) {
        return from < 0 || to < 0 ? -1 : (to - from) / wall;
    }

    /** utime + stime of a process, from fields 14 and 15 of /proc/PID/stat; -1 when unknown. */
    public static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** All cores' busy time: the first line of /proc/stat minus idle and iowait. */
    static long machineBusyNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user).
            for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return (total - idle) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
