package io.rollcall.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisFunctionAsyncCommands;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of a {@link RedisLink} that standalone and Cluster connections share: a command
 * connection for function calls and a separate pub/sub connection, set once connected.
 * Thread-safe.
 */
abstract class LettuceLink implements RedisLink {
    private volatile StatefulConnection<String, String> commands;
    private volatile StatefulConnection<String, String> pubSub;
    private volatile RedisFunctionAsyncCommands<String, String> functions;
    private volatile RedisPubSubAsyncCommands<String, String> subscriptions;

    /** Records the connections once both are open. */
    final void connected(StatefulConnection<String, String> commands, RedisFunctionAsyncCommands<String, String> functions,
            StatefulConnection<String, String> pubSub, RedisPubSubAsyncCommands<String, String> subscriptions) {
        this.commands = commands;
        this.functions = functions;
        this.pubSub = pubSub;
        this.subscriptions = subscriptions;
    }

    @Override
    public CompletableFuture<List<Object>> fcall(String function, String key, String... args) {
        return functions.<List<Object>>fcall(function, ScriptOutputType.MULTI, new String[] {key}, args).toCompletableFuture();
    }

    @Override
    public CompletableFuture<List<Object>> fcallReadOnly(String function, String key, String... args) {
        return functions.<List<Object>>fcallReadOnly(function, ScriptOutputType.MULTI, new String[] {key}, args).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> ssubscribe(String channel) {
        return subscriptions.ssubscribe(channel).toCompletableFuture();
    }

    @Override
    public void sunsubscribe(String channel) {
        subscriptions.sunsubscribe(channel);
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
