package io.rollcall.broker.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerListener;
import io.rollcall.broker.Catchup;
import io.rollcall.broker.EventSnapshot;
import io.rollcall.broker.ReadGate;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Update;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker for more than one node (DESIGN §5): the {@code rollcall} function library sequences,
 * stores and publishes each update atomically in Redis; this node holds one sharded subscription
 * per event with local subscribers and reads history and snapshots through the same keys.
 * Thread-safe; never blocks the caller.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Catch-ups and snapshots sent to Redis at once; more wait in {@link #reads}. Enough to keep
     * Redis busy, few enough that a burst of resumes (a node lost) never reaches the command timeout.
     */
    static final int MAX_READS_IN_FLIGHT = 32;

    static {
        // Lettuce warns at every client when both native transports load; use epoll like the server.
        if (System.getProperty("io.lettuce.core.iouring") == null) {
            System.setProperty("io.lettuce.core.iouring", "false");
        }
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final RedisLink link;
    private final FunctionLibrary library;
    private final String keyPrefix;
    private final ReadGate<Catchup> reads = new ReadGate<>(MAX_READS_IN_FLIGHT);
    /** Channels this node wants; a server-side unsubscribe of one of them (a moved slot) is undone. */
    private final java.util.Set<String> wanted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Wanted channels whose subscription Redis confirmed once; a later confirmation is a resubscription. */
    private final java.util.Set<String> confirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RedisBroker(ClientResources resources, AbstractRedisClient client, RedisLink link, int historySize, String keyPrefix) {
        this.resources = resources;
        this.client = client;
        this.link = link;
        this.library = new FunctionLibrary(historySize);
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    /** A broker on one Redis server ({@code redis://[:password@]host:port}, {@code rediss://} for TLS). */
    public static RedisBroker standalone(RedisURI uri, int historySize, String keyPrefix) {
        ClientResources resources = DefaultClientResources.create();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        return new RedisBroker(resources, client, new StandaloneLink(client, uri), historySize, keyPrefix);
    }

    /** A broker on a Redis Cluster reached through the seed nodes; topology changes are followed. */
    public static RedisBroker cluster(List<RedisURI> seeds, int historySize, String keyPrefix) {
        ClientResources resources = DefaultClientResources.create();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        return new RedisBroker(resources, client, new ClusterLink(client), historySize, keyPrefix);
    }

    /** The event's base key: every key and the channel of the event share its {@code {eventId}} hash tag. */
    String key(String eventId) {
        return keyPrefix + "{" + eventId + "}";
    }

    private String channel(String eventId) {
        return key(eventId) + ":updates";
    }

    private String eventIdOf(String channel) {
        int open = channel.indexOf('{', keyPrefix.length());
        int close = channel.indexOf('}', open);
        return open < 0 || close < 0 ? null : channel.substring(open + 1, close);
    }

    @Override
    public CompletableFuture<Void> start(BrokerListener listener) {
        // A Redis restarted without persistence comes back without the library: reload on every reconnect.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (link.isConnected()) {
                    listener.onReconnected();
                    reloadLibrary();
                }
            }
        });
        return link.connect(new RedisLink.Listener() {
            @Override
            public void message(String channel, String message) {
                Update update;
                try {
                    update = Envelopes.update(message);
                } catch (RuntimeException e) {
                    log.warn("ignoring an unreadable message on {}: {}", channel, e.getMessage());
                    return;
                }
                listener.onUpdate(update);
            }

            @Override
            public void subscribed(String channel) {
                String eventId = eventIdOf(channel);
                if (eventId != null && !confirmed.add(channel)) {
                    // Updates published while the subscription was down were not delivered.
                    listener.onResubscribed(eventId);
                }
            }

            @Override
            public void unsubscribed(String channel) {
                if (wanted.contains(channel)) {
                    log.info("Redis ended the subscription of {} (its slot moved); subscribing again", channel);
                    link.ssubscribe(channel).whenComplete((done, error) -> {
                        if (error != null) {
                            log.warn("cannot subscribe again to {}: {}", channel, error.toString());
                        }
                    });
                }
            }
        }).thenCompose(connected -> library.ensureLoaded(link));
    }

    private CompletableFuture<Void> reloadLibrary() {
        return library.ensureLoaded(link).whenComplete((done, error) -> {
            if (error != null) {
                log.warn("cannot load the rollcall function library: {}", error.toString());
            }
        });
    }

    @Override
    public CompletableFuture<Update> publish(String eventId, AttendanceUpdate update) {
        String json = Envelopes.json(update);
        return withLibrary(() -> link.fcall("rollcall_publish", key(eventId), json))
                .thenApply(reply -> Envelopes.update((String) reply.get(3)));
    }

    /** Runs a function call; if Redis lost the library (a restart raced our reconnect hook), loads it and retries once. */
    private CompletableFuture<List<Object>> withLibrary(java.util.function.Supplier<CompletableFuture<List<Object>>> call) {
        return call.get().handle((reply, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(reply);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof RedisCommandExecutionException && String.valueOf(cause.getMessage()).contains("Function not found")) {
                return reloadLibrary().thenCompose(loaded -> call.get());
            }
            return CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(java.util.function.Function.identity());
    }

    @Override
    public CompletableFuture<Void> subscribe(String eventId) {
        wanted.add(channel(eventId));
        return link.ssubscribe(channel(eventId));
    }

    @Override
    public void unsubscribe(String eventId) {
        wanted.remove(channel(eventId));
        confirmed.remove(channel(eventId));
        link.sunsubscribe(channel(eventId));
    }

    @Override
    public CompletableFuture<Catchup> catchUp(String eventId, String epoch, long sinceSeq) {
        return reads.submit(List.of(eventId, epoch, sinceSeq),
                () -> withLibrary(() -> link.fcallReadOnly("rollcall_catchup", key(eventId), epoch, Long.toString(sinceSeq)))
                        .thenApply(reply -> toCatchup(eventId, reply)));
    }

    @Override
    public CompletableFuture<EventSnapshot> snapshot(String eventId) {
        return catchUp(eventId, "", 0).thenApply(catchup -> ((Catchup.Reset) catchup).snapshot());
    }

    private static Catchup toCatchup(String eventId, List<Object> reply) {
        String kind = (String) reply.get(0);
        String epoch = (String) reply.get(1);
        long seq = (Long) reply.get(2);
        if (kind.equals("replay")) {
            List<Update> updates = new ArrayList<>(reply.size() - 3);
            for (int i = 3; i < reply.size(); i++) {
                updates.add(Envelopes.update((String) reply.get(i)));
            }
            return new Catchup.Replay(epoch, seq, updates);
        }
        List<AttendanceUpdate> guests = new ArrayList<>(reply.size() - 4);
        for (int i = 4; i < reply.size(); i++) {
            guests.add(Envelopes.attendance((String) reply.get(i)));
        }
        return new Catchup.Reset(new EventSnapshot(eventId, epoch, seq, Envelopes.counts((String) reply.get(3)), guests));
    }

    @Override
    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public void close() {
        link.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
