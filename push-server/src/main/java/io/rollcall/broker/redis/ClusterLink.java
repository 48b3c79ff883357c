package io.rollcall.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
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
final class ClusterLink extends LettuceLink {
    private final RedisClusterClient client;
    private volatile StatefulRedisClusterConnection<String, String> commands;

    ClusterLink(RedisClusterClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> connect(Listener listener) {
        // Async connects need the topology loaded first; then one connection after the other.
        return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(topology -> client.connectAsync(StringCodec.UTF8).toCompletableFuture())
                .thenCompose(c -> {
                    commands = c;
                    return client.connectPubSubAsync(StringCodec.UTF8).toCompletableFuture();
                }).thenApply(p -> {
                    p.addListener(new RedisClusterPubSubAdapter<>() {
                        @Override
                        public void smessage(RedisClusterNode node, String channel, String message) {
                            listener.message(channel, message);
                        }

                        @Override
                        public void ssubscribed(RedisClusterNode node, String channel, long count) {
                            listener.subscribed(channel);
                        }

                        @Override
                        public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                            listener.unsubscribed(channel);
                        }
                    });
                    connected(commands, commands.async(), p, p.async());
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> ssubscribe(String channel) {
        // After a slot moved, the topology must be current for the subscription to reach the new owner.
        return client.refreshPartitionsAsync().toCompletableFuture().thenCompose(refreshed -> super.ssubscribe(channel));
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
        return CompletableFuture.allOf(commands.async().masters().commands().functionLoad(code, true).futures());
    }
}
