package io.rollcall.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One Redis server: a command connection and a separate pub/sub connection. Thread-safe. */
final class StandaloneLink implements RedisLink {
    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;

    StandaloneLink(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    @Override
    public CompletableFuture<Void> connect(Listener listener) {
        CompletableFuture<StatefulRedisConnection<String, String>> commandsReady = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> pubSubReady =
                client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
        return commandsReady.thenCombine(pubSubReady, (c, p) -> {
            commands = c;
            pubSub = p;
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, String message) {
                    listener.message(channel, message);
                }

                @Override
                public void ssubscribed(String channel, long count) {
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
        return commands.async().<String>fcallReadOnly("rollcall_version", ScriptOutputType.VALUE).toCompletableFuture()
                .handle((version, error) -> {
                    List<String> versions = new ArrayList<>();
                    versions.add(error == null ? version : null);
                    return Collections.unmodifiableList(versions);
                });
    }

    @Override
    public CompletableFuture<Void> loadLibrary(String code) {
        return commands.async().functionLoad(code, true).toCompletableFuture().thenApply(name -> null);
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
