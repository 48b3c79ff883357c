package io.rollcall.client.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code docker/local-cluster.sh} (redis-server or a given Redis, N push nodes from
 * {@code push-server/target/push-server.jar}, nginx in front) for a test, reads the
 * {@code cluster.env} it writes, and stops it by sending the script SIGTERM, after which the script
 * stops exactly the processes it started. Not thread-safe; one test drives it.
 */
final class LocalCluster implements AutoCloseable {
    private static final Path PROJECT_ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path SCRIPT = PROJECT_ROOT.resolve("docker/local-cluster.sh");
    static final Path JAR = PROJECT_ROOT.resolve("push-server/target/push-server.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process script;
    private final Path stateDir;
    private final Map<String, String> env;
    private final StringBuffer output = new StringBuffer();

    private LocalCluster(Process script, Path stateDir, Map<String, String> env) {
        this.script = script;
        this.stateDir = stateDir;
        this.env = env;
    }

    /**
     * Starts the script and returns once it printed "cluster ready". Logs, the nginx config and the
     * pids go to {@code stateDir}; node JVMs get {@code javaOpts}; nginx listens on a free loopback port.
     */
    static LocalCluster start(Path stateDir, int nodes, String redisUri, String jwtSecret, String javaOpts) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("missing " + JAR + ": build push-server first (the reactor does it before client)");
        }
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "start", "--nodes", Integer.toString(nodes),
                "--lb-port", "0", "--redis", redisUri, "--jar", JAR.toString(),
                "--state-dir", stateDir.toString(), "--jwt-secret", jwtSecret, "--stop-timeout", "10")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", javaOpts);
        Process script = builder.start();
        LocalCluster cluster = new LocalCluster(script, stateDir, new HashMap<>());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> cluster.pump(ready), "local-cluster-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            cluster.close();
            throw new IllegalStateException("local cluster did not start:\n" + cluster.output, e);
        }
        for (String line : Files.readAllLines(stateDir.resolve("cluster.env"))) {
            int eq = line.indexOf('=');
            cluster.env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return cluster;
    }

    private void pump(CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.equals("cluster ready")) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("local-cluster.sh exited"));
    }

    /** The WebSocket URL of the load balancer. */
    URI lbUri() {
        return URI.create(env.get("LB_URL"));
    }

    long nodePid(int node) {
        return Long.parseLong(env.get("NODE" + node + "_PID"));
    }

    int nodeAdminPort(int node) {
        return Integer.parseInt(env.get("NODE" + node + "_ADMIN_PORT"));
    }

    /** SIGKILL: the node vanishes without closing anything, as on a crash or OOM kill. */
    void kill(int node) {
        ProcessHandle.of(nodePid(node)).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM: the node's own graceful stop (drain). */
    void terminate(int node) {
        ProcessHandle.of(nodePid(node)).ifPresent(ProcessHandle::destroy);
    }

    /** Every process the script started, by pid, from its {@code pids} file. */
    List<Long> startedPids() {
        List<Long> pids = new ArrayList<>();
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getKey().endsWith("_PID")) {
                pids.add(Long.parseLong(entry.getValue()));
            }
        }
        return pids;
    }

    /** The script's and its processes' output so far, for failure messages. */
    String output() {
        return output.toString();
    }

    /** The last 100 lines of a node's log, for failure messages. */
    String nodeLogTail(int node) {
        try {
            List<String> lines = Files.readAllLines(stateDir.resolve("node" + node + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 100), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM to the script, which stops what it started; waits for it to exit. Idempotent. */
    @Override
    public void close() {
        // SIGTERM through the handle: Process.destroy() would also close the script's output pipe.
        script.toHandle().destroy();
        boolean exited;
        try {
            exited = script.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            script.destroyForcibly();
            startedPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            throw new IllegalStateException("local-cluster.sh did not stop within " + STOP_TIMEOUT + ":\n" + output);
        }
    }
}
