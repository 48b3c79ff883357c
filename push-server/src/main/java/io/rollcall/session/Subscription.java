package io.rollcall.session;

import io.netty.channel.EventLoop;
import io.rollcall.broker.Catchup;
import io.rollcall.broker.Positions;
import io.rollcall.hub.EncodedUpdate;
import io.rollcall.hub.TopicMember;
import io.rollcall.hub.UpdateBatch;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;
import java.util.ArrayDeque;

/**
 * One session's view of one event: the position delivered to the client and the delivery state
 * machine of DESIGN §4. While catching up (after subscribe, or when a live update shows a gap or a
 * new epoch) live updates are buffered; once the replay or snapshot is written, buffered updates
 * it already covered are dropped and the rest delivered in order. Event loop only.
 */
final class Subscription extends TopicMember {
    private enum State { CATCHING_UP, LIVE, CLOSED }

    /** Live updates held while catching up; past this the buffer is dropped and catch-up repeated. */
    static final int MAX_BUFFERED = 10_000;

    private final Session session;
    final String eventId;
    private State state = State.CATCHING_UP;
    private String epoch;
    private long seq;
    /** Null unless updates are held: most subscriptions are live and idle most of their life. */
    private ArrayDeque<EncodedUpdate> buffered;
    private boolean wrote;
    private boolean overflowed;
    /** Completes when the hub receives this event's live updates; catch-ups wait for it. */
    java.util.concurrent.CompletableFuture<Void> ready = java.util.concurrent.CompletableFuture.completedFuture(null);

    Subscription(Session session, String eventId, String epoch, long seq) {
        this.session = session;
        this.eventId = eventId;
        this.epoch = epoch;
        this.seq = seq;
    }

    String epoch() {
        return epoch;
    }

    long seq() {
        return seq;
    }

    @Override
    public EventLoop loop() {
        return session.loop();
    }

    @Override
    public Encoding encoding() {
        return session.encoding();
    }

    @Override
    public void offer(EncodedUpdate update) {
        switch (state) {
            case LIVE -> deliver(update);
            case CATCHING_UP -> buffer(update);
            case CLOSED -> { }
        }
    }

    /**
     * A live subscriber at the start of a gap-free batch takes it in one write of the concatenated
     * frames; anything else (catching up, a gap, a new epoch, a position inside the batch) goes
     * update by update.
     */
    @Override
    public void offer(UpdateBatch batch) {
        EncodedUpdate first = batch.first();
        if (state != State.LIVE || !batch.isContiguous() || first.seq() != seq + 1
                || !Positions.sameHistory(epoch, seq, first.update().getEpoch())) {
            super.offer(batch);
            return;
        }
        // Position first, as in deliver: a write can re-enter.
        epoch = first.update().getEpoch();
        seq = batch.last().seq();
        if (session.writeShared(batch.frame(session.encoding()), batch.size())) {
            wrote = true;
        }
    }

    @Override
    public void flush() {
        if (wrote) {
            wrote = false;
            session.flush();
        }
    }

    private void buffer(EncodedUpdate update) {
        if (buffered == null) {
            buffered = new ArrayDeque<>();
        }
        if (buffered.size() >= MAX_BUFFERED) {
            releaseBuffered();
            overflowed = true;
            return;
        }
        buffered.add(update.retain());
    }

    private void deliver(EncodedUpdate encoded) {
        Update update = encoded.update();
        if (!Positions.sameHistory(epoch, seq, update.getEpoch()) || update.getSeq() > seq + 1) {
            // History was lost (new epoch) or an update went missing: catch up again first.
            buffer(encoded);
            state = State.CATCHING_UP;
            session.catchUp(this, false, 0);
            return;
        }
        if (update.getSeq() <= seq) {
            return;
        }
        // Record the position before writing: a write can re-enter (a failed write closes the
        // channel synchronously, EmbeddedChannel runs pending tasks).
        epoch = update.getEpoch();
        seq = update.getSeq();
        if (session.writeShared(encoded.frame(session.encoding()), 1)) {
            wrote = true;
        }
    }

    @Override
    public void resync() {
        if (state == State.LIVE) {
            state = State.CATCHING_UP;
            session.catchUp(this, false, 0);
        }
    }

    /** Records the position reached by a replay or snapshot and delivers what was buffered meanwhile. */
    void caughtUp(Catchup catchup) {
        if (state == State.CLOSED) {
            return;
        }
        epoch = catchup.epoch();
        seq = catchup.seq();
        if (overflowed) {
            // Updates were dropped while catching up: fetch them from history before going live.
            overflowed = false;
            releaseBuffered();
            session.catchUp(this, false, 0);
            return;
        }
        state = State.LIVE;
        while (state == State.LIVE && buffered != null && !buffered.isEmpty()) {
            EncodedUpdate next = buffered.poll();
            try {
                deliver(next);
            } finally {
                next.release();
            }
        }
        if (state == State.LIVE) {
            buffered = null;
        }
        flush();
    }

    /** Records a replayed update written directly by the session. */
    void replayed(Update update) {
        epoch = update.getEpoch();
        seq = update.getSeq();
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    void close() {
        state = State.CLOSED;
        releaseBuffered();
    }

    private void releaseBuffered() {
        if (buffered == null) {
            return;
        }
        EncodedUpdate next;
        while ((next = buffered.poll()) != null) {
            next.release();
        }
    }
}
