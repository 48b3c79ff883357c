package io.rollcall.broker;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the broker reads (catch-ups, snapshots) a node has in flight, and lets identical reads
 * that are still waiting share one call.
 *
 * <p>Why: when a node dies, its clients resume on the others all at once. Sent together, a
 * thousand catch-ups queue inside the Redis client, where its command timeout is already
 * running, and the late ones fail although Redis is healthy. Here they wait before being sent,
 * where no timeout runs. Those clients also mostly hold the same position, so the waiting reads
 * mostly repeat each other.
 *
 * <p>Sharing is safe only with a read that has not been sent yet: its answer then reflects the
 * broker after the joiner registered for live updates (DESIGN §4), so nothing falls between the
 * answer and the live stream. A read is taken out of the sharing table before it is sent.
 * Thread-safe; never blocks.
 */
public final class ReadGate<T> {
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Waiting<T>> waiting = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Object, Waiting<T>> unsent = new ConcurrentHashMap<>();
    /** Serializes {@link #drain}: a read that completes at once re-enters drain without recursing. */
    private final AtomicInteger drainers = new AtomicInteger();

    public ReadGate(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Runs {@code read} when fewer than the maximum are in flight. If a read with an equal
     * {@code key} is still waiting, returns its result instead and {@code read} is never called.
     */
    public CompletableFuture<T> submit(Object key, Supplier<CompletableFuture<T>> read) {
        Objects.requireNonNull(key, "key");
        Waiting<T> mine = new Waiting<>(key, read);
        Waiting<T> earlier = unsent.putIfAbsent(key, mine);
        if (earlier != null) {
            return earlier.result;
        }
        waiting.add(mine);
        drain();
        return mine.result;
    }

    /** Reads in flight now (for metrics and tests). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Reads waiting to be sent (for metrics and tests). */
    public int waiting() {
        return waiting.size();
    }

    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (inFlight.get() < maxInFlight) {
                Waiting<T> next = waiting.poll();
                if (next == null) {
                    break;
                }
                inFlight.incrementAndGet();
                send(next);
            }
            missed = drainers.addAndGet(-missed);
        } while (missed != 0);
    }

    private void send(Waiting<T> read) {
        unsent.remove(read.key, read);
        CompletableFuture<T> call;
        try {
            call = read.read.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((value, error) -> {
            inFlight.decrementAndGet();
            drain();
            if (error != null) {
                read.result.completeExceptionally(error);
            } else {
                read.result.complete(value);
            }
        });
    }

    private static final class Waiting<T> {
        final Object key;
        final Supplier<CompletableFuture<T>> read;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Waiting(Object key, Supplier<CompletableFuture<T>> read) {
            this.key = key;
            this.read = read;
        }
    }
}
