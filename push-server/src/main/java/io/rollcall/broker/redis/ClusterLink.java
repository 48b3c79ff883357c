package io.rollcall.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Redis Cluster: commands are routed by the event's hash slot; sharded subscriptions go to the
 * shard that owns the slot (Lettuce follows topology changes). The library is loaded on every
 * primary. Thread-safe.
 */
final class ClusterLink implements RedisLink {
    private final RedisClusterClient client;
    private volatile StatefulRedisClusterConnection<String, String> commands;
    private volatile StatefulRedisClusterPubSubConnection<String, String> pubSub;

    ClusterLink(RedisClusterClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> connect(Listener listener) {
        // Async connects need the topology loaded first; then one connection after the other.
        return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(topology -> client.connectAsync(StringCodec.UTF8).toCompletableFuture()).thenCompose(c -> {
            commands = c;
            return client.connectPubSubAsync(StringCodec.UTF8).toCompletableFuture();
        }).thenApply(p -> {
            pubSub = p;
            p.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    listener.message(channel, message);
                }

                @Override
                public void ssubscribed(RedisClusterNode node, String channel, long count) {
                    listener.subscribed(channel);
                }
            });
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Object>> fcall(String function, String key, String... args) {
        return commands.async().<List<Object>>fcall(function, ScriptOutputType.MULTI, new String[] {key}, args).toCompletableFuture();
    }

    @Override
    public CompletableFuture<List<Object>> fcallReadOnly(String function, String key, String... args) {
        return commands.async().<List<Object>>fcallReadOnly(function, ScriptOutputType.MULTI, new String[] {key}, args)
                .toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> ssubscribe(String channel) {
        return pubSub.async().ssubscribe(channel).toCompletableFuture();
    }

    @Override
    public void sunsubscribe(String channel) {
        pubSub.async().sunsubscribe(channel);
    }

    @Override
    public CompletableFuture<List<String>> libraryVersions() {
        AsyncExecutions<String> executions = commands.async().masters().commands().fcallReadOnly("rollcall_version", ScriptOutputType.VALUE);
        List<CompletableFuture<String>> perPrimary = new ArrayList<>();
        for (CompletionStage<String> execution : executions) {
            perPrimary.add(execution.toCompletableFuture().handle((version, error) -> error == null ? version : null));
        }
        return CompletableFuture.allOf(perPrimary.toArray(CompletableFuture[]::new))
                .thenApply(done -> perPrimary.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public CompletableFuture<Void> loadLibrary(String code) {
        AsyncExecutions<String> executions = commands.async().masters().commands().functionLoad(code, true);
        return CompletableFuture.allOf(executions.futures());
    }

    @Override
    public boolean isConnected() {
        return commands != null && commands.isOpen() && pubSub != null && pubSub.isOpen();
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        if (commands != null) {
            commands.close();
        }
    }
}
