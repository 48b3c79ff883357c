package io.rollcall.loadtest.cli;

import io.rollcall.loadtest.support.Transport;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How many WebSocket clients to open, how fast and on what; shared by the client scenarios. */
public final class FleetOptions {
    /**
     * Sockets one generator process may hold: the machine allows 20,000 open files per process,
     * and the JVM, the publisher and jars need some. Run several processes for more clients.
     */
    public static final int MAX_CLIENTS_PER_PROCESS = 18_000;

    @Option(names = "--clients", defaultValue = "1000", paramLabel = "N",
            description = "WebSocket clients to open, at most " + MAX_CLIENTS_PER_PROCESS
                    + " per process (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--connect-rate", defaultValue = "2000", paramLabel = "PER_SECOND",
            description = "New connections per second (default: ${DEFAULT-VALUE})")
    double connectRate;

    @Option(names = "--max-connecting", defaultValue = "1000", paramLabel = "N",
            description = "Clients connecting at once (TCP to snapshot); opening pauses at this many, so a slow server "
                    + "is not flooded into handshake timeouts (default: ${DEFAULT-VALUE})")
    int maxConnecting;

    @Option(names = "--connect-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time allowed for all clients to connect and get their snapshot (default: clients / connect-rate + 30s)")
    Duration connectTimeout;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Per client: TCP connect plus WebSocket upgrade must finish within this (default: ${DEFAULT-VALUE})")
    Duration handshakeTimeout;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Client event loop threads; 0 means one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "KIND",
            description = "auto | epoll | nio (default: ${DEFAULT-VALUE})")
    Transport.Kind transport;

    @Option(names = "--local-addresses", split = ",", paramLabel = "ADDR",
            description = "Source addresses to spread clients over, e.g. 127.0.0.2,127.0.0.3 (default: chosen by the OS)")
    List<String> localAddresses = new ArrayList<>();

    /** Checks the values against this process's limits. */
    public void validate(CommandSpec spec) {
        validate(spec, 1);
    }

    /** Checks the values against the limits of one of {@code processes} processes sharing the clients evenly. */
    public void validate(CommandSpec spec, int processes) {
        int perProcess = (clients + processes - 1) / processes;
        if (clients < processes || perProcess > MAX_CLIENTS_PER_PROCESS) {
            throw new ParameterException(spec.commandLine(), "--clients: " + clients + " (expected: " + processes + ".."
                    + (long) MAX_CLIENTS_PER_PROCESS * processes + " with " + processes + " process(es); one process stays under "
                    + "~18,000 sockets because of the 20,000 open-files limit; idle, connect-storm and churn take --workers for more)");
        }
        long maxFiles = maxOpenFiles();
        if (maxFiles > 0 && perProcess + 200 > maxFiles) {
            throw new ParameterException(spec.commandLine(), "--clients: " + clients + " (expected: at most " + (maxFiles - 200) * processes
                    + ": this process may open only " + maxFiles + " files; raise ulimit -n or lower --clients)");
        }
        if (!(connectRate > 0)) {
            throw new ParameterException(spec.commandLine(), "--connect-rate: " + connectRate + " (expected: > 0)");
        }
        if (maxConnecting < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connecting: " + maxConnecting + " (expected: >= 1)");
        }
        if (threads < 0 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--threads: " + threads + " (expected: 0..256)");
        }
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new ParameterException(spec.commandLine(), "--connect-timeout: " + connectTimeout + " (expected: > 0)");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), "--handshake-timeout: " + handshakeTimeout + " (expected: > 0)");
        }
        localAddresses();
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int clients() {
        return clients;
    }

    public double connectRate() {
        return connectRate;
    }

    public int maxConnecting() {
        return maxConnecting;
    }

    public Duration connectTimeout() {
        return connectTimeout != null ? connectTimeout : Duration.ofMillis((long) (clients * 1000 / connectRate) + 30_000);
    }

    public int threads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    public Transport.Kind transport() {
        return transport;
    }

    public List<InetAddress> localAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (String text : localAddresses) {
            try {
                addresses.add(InetAddress.getByName(text.trim()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--local-addresses: " + text + " (expected: an IP address)", e);
            }
        }
        return addresses;
    }

    private static long maxOpenFiles() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
