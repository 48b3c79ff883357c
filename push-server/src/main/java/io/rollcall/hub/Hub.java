package io.rollcall.hub;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.rollcall.broker.Broker;
import io.rollcall.broker.BrokerListener;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's local subscriptions: one {@link Topic} per event with local subscribers, and the
 * fan-out of every live update from the broker to them, encoded once per encoding and handed to
 * each event loop as one task (DESIGN §6). Holds the broker subscription of an event while it has
 * members, releasing it after a linger so quick re-subscribes do not churn the broker.
 * Thread-safe; {@link #join} and {@link #leave} run on the member's event loop.
 */
public final class Hub implements BrokerListener {
    /** Where each received update's message id is logged (DEBUG), for tracing publisher → node → client. */
    private static final Logger trace = LoggerFactory.getLogger("io.rollcall.trace");
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final Broker broker;
    private final ByteBufAllocator alloc;
    private final ServerMetrics metrics;
    private final EventExecutor timer;
    private final long lingerNanos;

    public Hub(Broker broker, ByteBufAllocator alloc, ServerMetrics metrics, EventExecutor timer, Duration linger) {
        this.broker = broker;
        this.alloc = alloc;
        this.metrics = metrics;
        this.timer = timer;
        this.lingerNanos = linger.toNanos();
    }

    /**
     * Adds a member for the event. Returns a future that completes when the broker delivers the
     * event's live updates here; only then may the member read history, so nothing falls between
     * its catch-up and its first live update.
     */
    public CompletableFuture<Void> join(String eventId, TopicMember member) {
        Topic topic = topics.compute(eventId, (id, existing) -> {
            Topic t = existing != null ? existing : newTopic(id);
            t.refCount++;
            return t;
        });
        topic.group(member.loop()).add(member);
        topic.countEncoding(member.encoding().ordinal(), 1);
        return topic.ready;
    }

    /**
     * The instance of {@code eventId} the hub holds for its topic, if any: members keep it instead
     * of the copy decoded from their own frame, so an event's thousands of subscribers share one.
     */
    public String canonicalId(String eventId) {
        Topic topic = topics.get(eventId);
        return topic != null ? topic.eventId : eventId;
    }

    private Topic newTopic(String eventId) {
        Topic topic = new Topic(eventId, broker.subscribe(eventId), Encoding.values().length, metrics);
        topic.sequencer = new TopicSequencer(eventId, broker, update -> fanOut(topic, update), topic::resyncMembers);
        return topic;
    }

    /** Removes a member; the broker subscription goes after the linger if nobody rejoins. */
    public void leave(String eventId, TopicMember member) {
        Topic topic = topics.get(eventId);
        if (topic == null) {
            return;
        }
        topic.group(member.loop()).remove(member);
        topic.countEncoding(member.encoding().ordinal(), -1);
        boolean last = topics.compute(eventId, (id, t) -> {
            t.refCount--;
            return t;
        }).refCount == 0;
        if (last) {
            try {
                timer.schedule(() -> releaseIfUnused(eventId), lingerNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                releaseIfUnused(eventId);
            }
        }
    }

    private void releaseIfUnused(String eventId) {
        topics.computeIfPresent(eventId, (id, t) -> {
            if (t.refCount > 0) {
                return t;
            }
            // Inside compute, so a concurrent join's subscribe is ordered after this unsubscribe.
            broker.unsubscribe(id);
            return null;
        });
    }

    /** Events with local subscribers (including lingering ones). */
    public int topicCount() {
        return topics.size();
    }

    @Override
    public void onUpdate(Update update) {
        Topic topic = topics.get(update.getEventId());
        if (topic != null) {
            metrics.updateReceived();
            if (trace.isDebugEnabled()) {
                // DEBUG, not INFO: one line per update per node would cost more than the fan-out at full rate.
                trace.atDebug().addKeyValue("event", update.getEventId()).addKeyValue("seq", update.getSeq())
                        .addKeyValue("message_id", update.getMessageId()).log("received update");
            }
            topic.sequencer.accept(update);
        }
    }

    @Override
    public void onReconnected() {
        metrics.brokerReconnected();
    }

    @Override
    public void onResubscribed(String eventId) {
        Topic topic = topics.get(eventId);
        if (topic != null) {
            metrics.resynced();
            topic.sequencer.resubscribed();
        }
    }

    /** Encodes once per encoding in use and hands one task to each loop with members. */
    private void fanOut(Topic topic, Update update) {
        EncodedUpdate encoded = EncodedUpdate.of(update, alloc, topic.encodingsInUse());
        try {
            for (LoopGroup group : topic.groups()) {
                if (group.size() > 0) {
                    encoded.retain();
                    try {
                        group.loop.execute(() -> group.deliver(encoded));
                    } catch (RejectedExecutionException shuttingDown) {
                        encoded.release();
                    }
                }
            }
        } finally {
            encoded.release();
        }
    }
}
