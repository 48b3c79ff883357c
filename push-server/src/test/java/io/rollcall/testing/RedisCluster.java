package io.rollcall.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real Redis Cluster of masters without replicas (3 by default), each a {@link RedisServer} on
 * free ports, created with {@code redis-cli --cluster create} and returned once every node reports
 * {@code cluster_state:ok}. Takes about 3 s, most of it redis-cli's own join wait.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     cluster.seeds();                               // ["127.0.0.1:P1", "127.0.0.1:P2", "127.0.0.1:P3"]
 *     cluster.uris();                                // ["redis://127.0.0.1:P1", ...]
 *     cluster.cli(cluster.ports().get(0), "CLUSTER", "INFO");
 *     cluster.nodeForKey("{wedding-1}:state").kill(); // take one shard down
 * }
 * }</pre>
 *
 * <p>Thread-safe after {@link #start}; {@link #close()} stops every node.
 */
public final class RedisCluster implements AutoCloseable {
    public static final int DEFAULT_MASTERS = 3;
    /** How long to wait for creation and {@code cluster_state:ok} on every node. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final List<RedisServer> nodes;
    private final Duration startupTime;

    private RedisCluster(List<RedisServer> nodes, Duration startupTime) {
        this.nodes = List.copyOf(nodes);
        this.startupTime = startupTime;
    }

    /** Starts a cluster of {@link #DEFAULT_MASTERS} masters. */
    public static RedisCluster start() {
        return start(DEFAULT_MASTERS);
    }

    /** Starts a cluster of {@code masters} masters (redis-cli requires at least 3), no replicas. */
    public static RedisCluster start(int masters) {
        if (masters < 3) {
            throw new IllegalArgumentException("masters: " + masters + " (expected: >= 3, a redis-cli --cluster create limit)");
        }
        long begin = System.nanoTime();
        // The processes start in parallel: each takes ~0.1 s to answer PING.
        ExecutorService starters = Executors.newFixedThreadPool(masters);
        List<CompletableFuture<RedisServer>> starting = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> RedisServer.builder().clusterEnabled().start(), starters));
        }
        starters.shutdown();
        List<RedisServer> nodes = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<RedisServer> node : starting) {
            try {
                nodes.add(node.join());
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            if (failure != null) {
                throw failure;
            }
            create(nodes);
            awaitStateOk(nodes);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
        return new RedisCluster(nodes, Duration.ofNanos(System.nanoTime() - begin));
    }

    private static void create(List<RedisServer> nodes) {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(node -> args.add(node.hostAndPort()));
        args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String output = RedisCli.run(args, READY_TIMEOUT);
        if (!output.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create did not cover all slots:\n" + output);
        }
    }

    private static void awaitStateOk(List<RedisServer> nodes) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (RedisServer node : nodes) {
            while (!clusterInfo(node).contains("cluster_state:ok\r\n")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no cluster_state:ok on " + node + " within " + READY_TIMEOUT
                            + "\n" + clusterInfo(node) + "\nlog:\n" + node.log());
                }
                RedisServer.pause(POLL_INTERVAL);
            }
        }
    }

    private static String clusterInfo(RedisServer node) {
        try {
            Object reply = RedisWire.call(node.port(), node.password(), PROBE_TIMEOUT, "CLUSTER", "INFO");
            return String.valueOf(reply);
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        }
    }

    /** The nodes, in creation order (node i initially serves the i-th slot range). */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The client ports, in node order. */
    public List<Integer> ports() {
        return nodes.stream().map(RedisServer::port).toList();
    }

    /** {@code "127.0.0.1:P"} per node, for a cluster client's seed list. */
    public List<String> seeds() {
        return nodes.stream().map(RedisServer::hostAndPort).toList();
    }

    /** {@code "redis://127.0.0.1:P"} per node. */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /**
     * Runs {@code redis-cli -c -p port args...} against one node and returns stdout (see
     * {@link RedisServer#cli}); {@code -c} follows MOVED redirects, so a key command (e.g. an
     * {@code FCALL} with the event's key) may be sent to any node.
     */
    public String cli(int port, String... args) {
        return RedisCli.run(node(port).cliArgs(true, args), RedisCli.DEFAULT_TIMEOUT);
    }

    /** The node with that client port. */
    public RedisServer node(int port) {
        return nodes.stream()
                .filter(node -> node.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("port: " + port + " (expected: one of " + ports() + ")"));
    }

    /** The node currently serving {@code key}'s slot (as the first running node sees the slot map). */
    public RedisServer nodeForKey(String key) {
        RedisServer asked = nodes.stream().filter(RedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
        try {
            long slot = (Long) RedisWire.call(asked.port(), asked.password(), PROBE_TIMEOUT, "CLUSTER", "KEYSLOT", key);
            Object slots = RedisWire.call(asked.port(), asked.password(), PROBE_TIMEOUT, "CLUSTER", "SLOTS");
            for (Object range : (List<?>) slots) {
                List<?> entry = (List<?>) range;
                if ((Long) entry.get(0) <= slot && slot <= (Long) entry.get(1)) {
                    long port = (Long) ((List<?>) entry.get(2)).get(1);
                    return node((int) port);
                }
            }
            throw new IllegalStateException("no node serves slot " + slot + " of " + key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask " + asked + " for the slot of " + key, e);
        }
    }

    /** How long {@link #start} took, from the first process to {@code cluster_state:ok} everywhere. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RedisServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisCluster" + seeds();
    }
}
