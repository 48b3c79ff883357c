package io.rollcall.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One Redis server: a command connection and a separate pub/sub connection. Thread-safe. */
final class StandaloneLink extends LettuceLink {
    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<String, String> commands;

    StandaloneLink(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    @Override
    public CompletableFuture<Void> connect(Listener listener) {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                .thenCombine(client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture(), (c, p) -> {
                    p.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void smessage(String channel, String message) {
                            listener.message(channel, message);
                        }

                        @Override
                        public void ssubscribed(String channel, long count) {
                            listener.subscribed(channel);
                        }

                        @Override
                        public void sunsubscribed(String channel, long count) {
                            listener.unsubscribed(channel);
                        }
                    });
                    commands = c;
                    connected(c, c.async(), p, p.async());
                    return null;
                });
    }

    @Override
    public CompletableFuture<List<String>> libraryVersions() {
        return commands.async().<String>fcallReadOnly("rollcall_version", ScriptOutputType.VALUE).toCompletableFuture()
                .handle((version, error) -> Collections.singletonList(error == null ? version : null));
    }

    @Override
    public CompletableFuture<Void> loadLibrary(String code) {
        return commands.async().functionLoad(code, true).toCompletableFuture().thenApply(name -> null);
    }
}
