package io.rollcall.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process (the Debian Redis 7.0 package) on a free loopback port, with
 * no persistence and its own temporary directory, for integration tests. Stop it with
 * {@link #close()}; a JVM shutdown hook kills any instance a test forgot.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {              // defaults
 *     redis.uri();                                              // "redis://127.0.0.1:41234"
 *     redis.cli("FCALL", "rollcall_publish", "1", key, json);  // as another service would
 *     redis.restart();                                          // same port, empty data
 * }
 * RedisServer secured = RedisServer.builder().password("s3cret").config("maxmemory", "64mb").start();
 * }</pre>
 *
 * <p>Thread-safe: lifecycle methods are synchronized; {@link #cli} may run concurrently.
 */
public final class RedisServer implements AutoCloseable {
    /** The loopback address every instance binds to. */
    public static final String HOST = "127.0.0.1";
    /** How long {@link Builder#start()} and {@link #restart()} wait for PONG by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
    /** How long a stop waits after SIGTERM before sending SIGKILL. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final int PORT_ATTEMPTS = 10;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "redis-server-reaper"));
    }

    private final String password;
    private final boolean clusterEnabled;
    private final List<String> extraArgs;
    private final Duration startTimeout;
    private final int firstPort;
    private final Path dir;
    private int port;
    private int clusterBusPort;
    private Process process;
    private boolean closed;

    private RedisServer(Builder builder) throws IOException {
        this.password = builder.password;
        this.clusterEnabled = builder.clusterEnabled;
        this.extraArgs = List.copyOf(builder.extraArgs);
        this.startTimeout = builder.startTimeout;
        this.firstPort = builder.firstPort;
        this.dir = Files.createTempDirectory("rollcall-redis-");
    }

    /** Starts a server with the defaults: no password, standalone. */
    public static RedisServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a server to start; every setter returns this builder. Not thread-safe. */
    public static final class Builder {
        private String password;
        private boolean clusterEnabled;
        private final List<String> extraArgs = new ArrayList<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private int firstPort;

        private Builder() {}

        /** Tries this port first (tests of the retry); free ports after that. */
        Builder firstPort(int port) {
            this.firstPort = port;
            return this;
        }

        /** {@code --requirepass}; {@link #cli} and {@link #uri()} then authenticate with it. */
        public Builder password(String password) {
            if (password == null || password.isEmpty() || !password.chars().allMatch(Character::isLetterOrDigit)) {
                throw new IllegalArgumentException("password: " + password + " (expected: letters and digits)");
            }
            this.password = password;
            return this;
        }

        /** Any {@code redis.conf} directive, passed as {@code --name values...} after the defaults. */
        public Builder config(String name, String... values) {
            extraArgs.add("--" + Objects.requireNonNull(name, "name"));
            extraArgs.addAll(Arrays.asList(values));
            return this;
        }

        /**
         * {@code --cluster-enabled yes} with the node file in the server's directory and a free
         * cluster bus port ({@code --cluster-port}). See {@link RedisCluster} for a ready cluster.
         */
        public Builder clusterEnabled() {
            this.clusterEnabled = true;
            return this;
        }

        /** How long to wait for the first PONG (default {@link #DEFAULT_START_TIMEOUT}). */
        public Builder startTimeout(Duration startTimeout) {
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout: " + startTimeout + " (expected: > 0)");
            }
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Starts the process on a free port and returns once it answers PING. Retries with other
         * ports if another program takes the chosen one first.
         */
        public RedisServer start() {
            RedisCli.require(RedisCli.REDIS_SERVER);
            RedisServer server;
            try {
                server = new RedisServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
            }
            try {
                server.startOnFreePort();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }

    /** The client port on {@link #HOST}. Stable across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The cluster bus port, or 0 if cluster mode is off. */
    public int clusterBusPort() {
        return clusterBusPort;
    }

    /** {@code "127.0.0.1:port"}, the form {@code redis-cli --cluster} and seeds use. */
    public String hostAndPort() {
        return HOST + ":" + port;
    }

    /** {@code "redis://127.0.0.1:port"}, or {@code "redis://:password@127.0.0.1:port"} with a password. */
    public String uri() {
        return "redis://" + (password != null ? ":" + password + "@" : "") + HOST + ":" + port;
    }

    /** The password, or null. */
    public String password() {
        return password;
    }

    /** The server's working directory (log, node file); deleted by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    /** The process id of the running server. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p port args...} (authenticated if a password is set) and
     * returns its stdout without the final newline, in redis-cli's raw format: a string reply is
     * the string itself, an error reply reads {@code "ERR ..."}. Each element of {@code args} is
     * one argument, so JSON needs no quoting.
     */
    public String cli(String... args) {
        return RedisCli.run(cliArgs(false, args), RedisCli.DEFAULT_TIMEOUT);
    }

    List<String> cliArgs(boolean followRedirects, String... args) {
        List<String> command = new ArrayList<>(List.of("-h", HOST, "-p", String.valueOf(port)));
        if (password != null) {
            command.addAll(List.of("-a", password, "--no-auth-warning"));
        }
        if (followRedirects) {
            command.add("-c");
        }
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * Stops the server (SIGTERM, SIGKILL after {@link #STOP_TIMEOUT}) if it runs, and starts it
     * again on the same port with no data, as a restart without persistence would. Functions are
     * data too: they are gone afterwards. A cluster node keeps its node file (identity, slots).
     */
    public synchronized void restart() {
        checkOpen();
        stopProcess(false);
        deleteData();
        try {
            launchAndAwait();
        } catch (PortTaken e) {
            throw new IllegalStateException("port " + port + " was taken by another program while redis-server was down\n" + e.log, e);
        }
    }

    /** Stops the server gracefully (SIGTERM, then SIGKILL after a deadline); {@link #restart()} starts it again. */
    public synchronized void stop() {
        stopProcess(false);
    }

    /** Kills the server with SIGKILL, like a crash; {@link #restart()} starts it again. */
    public synchronized void kill() {
        stopProcess(true);
    }

    /** The server's log so far (all runs), for diagnostics. */
    public String log() {
        return readLog(dir.resolve("redis.log"));
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess(false);
        } finally {
            deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + hostAndPort() + (clusterEnabled ? " cluster" : "") + "]";
    }

    // ------------------------------------------------------------------ process lifecycle

    /** Thrown when redis-server exits because its port (or bus port) is in use. */
    private static final class PortTaken extends Exception {
        final String log;

        PortTaken(String log) {
            super("address already in use", null, false, false);
            this.log = log;
        }
    }

    private synchronized void startOnFreePort() {
        PortTaken last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            port = attempt == 0 && firstPort > 0 ? firstPort : freePort();
            clusterBusPort = clusterEnabled ? freePortOtherThan(port) : 0;
            try {
                launchAndAwait();
                return;
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts; last log:\n" + last.log);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(
                RedisCli.REDIS_SERVER.toString(),
                "--port", String.valueOf(port),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--protected-mode", "no",
                "--daemonize", "no",
                // DEBUG SLEEP and friends help simulate a slow server; Redis 7 refuses them by default.
                "--enable-debug-command", "local"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        if (clusterEnabled) {
            command.addAll(List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--cluster-port", String.valueOf(clusterBusPort)));
        }
        command.addAll(extraArgs);
        return command;
    }

    private void launchAndAwait() throws PortTaken {
        Path logFile = dir.resolve("redis.log");
        long logStart = logFile.toFile().length();
        Process started;
        try {
            started = new ProcessBuilder(command())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + RedisCli.REDIS_SERVER, e);
        }
        RUNNING.add(started);
        process = started;
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                forget(started);
                String whole = readLog(logFile);
                String log = whole.substring((int) Math.min(logStart, whole.length()));
                if (log.contains("Address already in use") || log.contains("Failed listening on port")) {
                    throw new PortTaken(log);
                }
                throw new IllegalStateException("redis-server exited with status " + started.exitValue()
                        + " before answering PING; command: " + command() + "\nlog:\n" + log);
            }
            if (answersAsItself(started)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                process = null;
                destroy(started, true);
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                        + startTimeout + "\nlog:\n" + readLog(logFile));
            }
            pause(POLL_INTERVAL);
        }
    }

    /** PONG from the port, and INFO names our process: not another program that got the port first. */
    private boolean answersAsItself(Process started) {
        try {
            if (!"PONG".equals(RedisWire.call(port, password, PROBE_TIMEOUT, "PING"))) {
                return false; // e.g. -LOADING
            }
            Object info = RedisWire.call(port, password, PROBE_TIMEOUT, "INFO", "server");
            return info instanceof String text && text.contains("process_id:" + started.pid() + "\r\n");
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private void stopProcess(boolean kill) {
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        destroy(running, kill);
    }

    /** Stops one process this class started, by its PID; SIGKILL if SIGTERM does not end it in time. */
    private static void destroy(Process running, boolean kill) {
        try {
            if (!kill) {
                running.destroy();
                if (running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            running.destroyForcibly();
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server pid " + running.pid() + " survived SIGKILL for " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (!running.isAlive()) {
                forget(running);
            }
        }
    }

    private static void forget(Process process) {
        RUNNING.remove(process);
    }

    private void deleteData() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".rdb") || name.startsWith("appendonly")) {
                    deleteRecursively(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    // ------------------------------------------------------------------ small utilities

    /** A port nothing listens on right now; the caller must cope with losing a race for it. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static int freePortOtherThan(int taken) {
        while (true) {
            int candidate = freePort();
            if (candidate != taken) {
                return candidate;
            }
        }
    }

    static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static String readLog(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
