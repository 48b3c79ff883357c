package io.rollcall.loadtest.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a run's clients fit the machine's ephemeral ports. With source addresses given, each
 * client binds one (client i takes address i mod n) and the kernel must find it a free port on
 * that address, whichever process asks; without, ports run out per (source, destination) pair.
 * Either way about 28,000 connections per pair on a default Linux. Stateless.
 */
final class EphemeralPorts {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private EphemeralPorts() {}

    /** A description of the shortage, or null when {@code clients} fit. */
    static String shortage(int clients, int urls, int localAddresses) {
        return shortage(clients, urls, localAddresses, available());
    }

    /** As {@link #shortage(int, int, int)}, for a range of {@code available} ports (unknown when ≤ 0). */
    static String shortage(int clients, int urls, int localAddresses, long available) {
        int spread = localAddresses > 0 ? localAddresses : urls;
        long perPair = (clients + spread - 1L) / spread;
        if (available <= 0 || perPair <= available) {
            return null;
        }
        return String.format(Locale.ROOT, "%d clients over %d %s need %d ephemeral ports each (expected: at most %d, the range in %s; "
                + "add --local-addresses 127.0.0.2,127.0.0.3,… so each carries fewer)", clients, spread,
                localAddresses > 0 ? "source address(es)" : "target URL(s)", perPair, available, RANGE);
    }

    /** Ports in the ephemeral range, or -1 when unknown (not Linux). */
    static long available() {
        // Files.readString reads only the first byte of this /proc/sys file on JDK 17; a reader gets the whole line.
        try (BufferedReader in = Files.newBufferedReader(RANGE)) {
            String[] bounds = in.readLine().trim().split("\\s+");
            return Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
