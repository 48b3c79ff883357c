package io.rollcall.loadtest.publish;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes attendance updates straight into Redis, as a backend service would (docs/publishing.md):
 * {@code FCALL rollcall_publish 1 <prefix>{<eventId>} <update JSON>}, pipelined on a few Lettuce
 * connections (publish {@code i} goes to connection {@code i mod n}; many may be in flight on one).
 * The nodes must have loaded the function library into this Redis. Lettuce runs on one I/O thread
 * of its own; the bookkeeping is {@link Publisher}'s. Thread-safe as {@link Publisher} says.
 */
public final class RedisPublisher extends Publisher {
    private static final String FUNCTION = "rollcall_publish";
    /** A command without a reply this long fails (and is counted) instead of hanging the drain. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    static {
        // Lettuce warns when both native transports are on the classpath (tests); epoll is enough.
        if (System.getProperty("io.lettuce.core.iouring") == null) {
            System.setProperty("io.lettuce.core.iouring", "false");
        }
    }

    /** Where to publish and how; immutable. */
    public record Spec(URI redis, String keyPrefix, List<String> eventIds, int connections, int guests, int noteChars, int capacity) {
        public Spec {
            eventIds = List.copyOf(eventIds);
        }
    }

    private final Spec spec;
    private final String[] keys;
    private final ClientResources resources;
    private final RedisClient client;
    /** Set by {@link #start} before the pacing thread starts. */
    private volatile RedisAsyncCommands<String, String>[] commands;

    public RedisPublisher(Spec spec) {
        super(spec.eventIds().size(), spec.capacity());
        this.spec = spec;
        this.keys = spec.eventIds().stream().map(id -> spec.keyPrefix() + "{" + id + "}").toArray(String[]::new);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start(Duration timeout) throws InterruptedException {
        RedisURI uri = RedisURI.create(spec.redis());
        uri.setTimeout(timeout);
        List<CompletableFuture<StatefulRedisConnection<String, String>>> opening = new ArrayList<>();
        for (int i = 0; i < spec.connections(); i++) {
            opening.add(client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture());
        }
        RedisAsyncCommands<String, String>[] opened = new RedisAsyncCommands[spec.connections()];
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < opened.length; i++) {
            opened[i] = await(opening.get(i), deadline, "cannot open publish connection to ").async();
        }
        String version = await(opened[0].<String>fcallReadOnly("rollcall_version", ScriptOutputType.VALUE).toCompletableFuture(), deadline,
                "no rollcall function library in ");
        if (version == null || version.isEmpty()) {
            throw new IllegalStateException("no rollcall function library in " + spec.redis() + " (start a node with --redis first)");
        }
        commands = opened;
    }

    private <T> T await(CompletableFuture<T> future, long deadline, String what) throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + spec.redis() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + spec.redis() + ": timed out", e);
        }
    }

    @Override
    void send(long index, long intendedNanoTime) {
        String update = AttendanceBodies.json(updateOf(index), intendedNanoTime, spec.guests(), spec.noteChars());
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(FUNCTION).add(1).addKey(keys[eventOf(index)])
                .addValue(update);
        RedisAsyncCommands<String, String>[] all = commands;
        PublishReply reply = new PublishReply(this, index, intendedNanoTime, System.nanoTime());
        all[(int) (index % all.length)].dispatch(CommandType.FCALL, reply, args).whenComplete(reply);
    }

    @Override
    public void close() throws InterruptedException {
        // Closes the connections too.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
    }
}
