package io.rollcall.broker.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker needs of a Redis deployment, so standalone and Cluster differ only here: calls of
 * the function library, sharded subscriptions, and loading the library on every primary.
 * Thread-safe; futures complete on Lettuce threads.
 */
interface RedisLink extends AutoCloseable {

    /** Receives sharded pub/sub traffic. Called on a Lettuce thread; must not block. */
    interface Listener {
        void message(String channel, String message);

        /** A (re)subscription of the channel was confirmed. */
        void subscribed(String channel);

        /** The channel's subscription ended: asked for, or by the server (its Cluster slot moved). */
        void unsubscribed(String channel);
    }

    CompletableFuture<Void> connect(Listener listener);

    CompletableFuture<List<Object>> fcall(String function, String key, String... args);

    CompletableFuture<List<Object>> fcallReadOnly(String function, String key, String... args);

    CompletableFuture<Void> ssubscribe(String channel);

    void sunsubscribe(String channel);

    /** Runs {@code rollcall_version} on every primary: the version string per primary, or null where the library is missing. */
    CompletableFuture<List<String>> libraryVersions();

    /** Loads (replacing) the library on every primary. */
    CompletableFuture<Void> loadLibrary(String code);

    boolean isConnected();

    @Override
    void close();
}
