package io.rollcall.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident set size from {@code /proc/PID/status} (Linux). Stateless; thread-safe. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** VmRSS of process {@code pid} in bytes, or -1 when unknown (no such process, not Linux, pid 0). */
    public static long rssBytes(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return parseRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The VmRSS line of a {@code /proc/PID/status} text ("VmRSS:   123456 kB"), in bytes; -1 if absent. */
    static long parseRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
