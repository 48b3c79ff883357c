package io.rollcall.loadtest.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.support.WallClock;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.Subscribed;
import java.io.IOException;
import javax.net.ssl.SSLSession;

/**
 * One load-test client. Added to a new channel, it puts TLS (if any) and an {@link UpgradeHandler}
 * in front of itself; once the upgrade is done (the upgrade handler has made way for a
 * {@link LeanFrameDecoder}) it sends connect, then subscribe, takes the snapshot pages and goes
 * live; from then on every update is read with its event loop's {@link FrameReader} straight from
 * the receive buffer (no message objects), checked by a {@link SeqChecker} and timed from its intended
 * send time ({@code attendance.occurred_at}). Control frames, which come once per client, are
 * parsed fully. Event loop only (its channel's).
 */
final class SubscriberHandler extends ChannelInboundHandlerAdapter implements UpgradeHandler.Listener, ChannelFutureListener {
    enum State { HANDSHAKING, CONNECTING, SUBSCRIBING, SNAPSHOT, LIVE, CLOSED }

    /**
     * What a client carries across a reconnect: its index and event, its checks (the same
     * {@link SeqChecker}, so counts continue), the epoch of its position, when it lost the
     * connection, and which attempt this is (1 = first). Immutable.
     */
    record Carry(int index, int event, SeqChecker checker, String epoch, long disconnectedNanoTime, int attempt) {
        Carry next() {
            return new Carry(index, event, checker, epoch, disconnectedNanoTime, attempt + 1);
        }
    }

    private static final byte[] CLOSE_FRAME = MaskedFrames.close(1000, "load test done");

    private final ClientFleet fleet;
    private final long startNanoTime;
    private final int index;
    private final int event;
    private final Carry carry;
    private final UpgradeRequest upgrade;
    /** Where it connects, for TLS (SNI and host name check). */
    private final String host;
    private final int port;
    private String epoch = "";
    /**
     * A position taken before the event had any update (seq 0) may carry no usable epoch; the
     * first update after each subscription is parsed in full (once per client) for its epoch.
     */
    private boolean epochFromNextUpdate = true;
    private LoopState loopState;
    private Channel channel;
    private State state = State.HANDSHAKING;
    private SeqChecker checker;
    private int closeCode = -1;
    private String closeReason = "";
    private long errorFrames;
    private long goAways;
    private boolean wentLive;

    SubscriberHandler(ClientFleet fleet, long startNanoTime, int index, int event, Carry carry, UpgradeRequest upgrade, String host,
            int port) {
        this.fleet = fleet;
        this.upgrade = upgrade;
        this.host = host;
        this.port = port;
        this.startNanoTime = startNanoTime;
        this.index = index;
        this.event = event;
        this.carry = carry;
        if (carry != null) {
            // A resuming client was live before: it already counts as ready, with its checks.
            this.checker = carry.checker();
            this.epoch = carry.epoch();
            this.wentLive = true;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        loopState = fleet.loopState(channel.eventLoop());
        loopState.members.add(this);
        ChannelPipeline pipeline = ctx.pipeline();
        if (fleet.tls() != null) {
            pipeline.addBefore(ctx.name(), "tls", fleet.tls().newHandler(ctx.alloc(), host, port));
        }
        pipeline.addBefore(ctx.name(), UpgradeHandler.NAME, new UpgradeHandler(upgrade, this, fleet.handshakeTimeoutNanos(),
                ClientFleet.MAX_FRAME_BYTES, fleet.subprotocol().text()));
    }

    /** Counts a client whose channel could not be created or registered (no pipeline event will follow). */
    void failToStart(String reason) {
        fail(reason);
    }

    /** The TCP connect's outcome (on the channel's event loop). */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (!future.isSuccess()) {
            fail("TCP connect: " + future.cause().getMessage());
        }
    }

    @Override
    public void onUpgraded() {
        if (state != State.HANDSHAKING) {
            return;
        }
        state = State.CONNECTING;
        send(fleet.connectFrame());
    }

    @Override
    public void onUpgradeFailed(String reason) {
        fail(reason);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent tls) {
            onTlsHandshake(ctx, tls);
        }
        ctx.fireUserEventTriggered(event);
    }

    private void onTlsHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent event) {
        if (!event.isSuccess()) {
            fail("TLS handshake: " + event.cause().getMessage());
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            SSLSession session = ssl.engine().getSession();
            fleet.onTlsSession(session.getProtocol() + " " + session.getCipherSuite());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Every frame goes to onBinary once the lean decoder is in; nothing else should get here.
        ReferenceCountUtil.release(msg);
        fail("unexpected " + msg.getClass().getSimpleName());
    }

    @Override
    public void onMessage(ByteBuf buf, int from, int to, long received) {
        FrameReader reader = loopState.reader;
        try {
            if (reader.read(buf, from, to) == FrameReader.KIND_UPDATE) {
                if (epochFromNextUpdate && fleet.resumes()) {
                    String scanned = reader.epoch(buf);
                    epoch = scanned != null ? scanned : reader.parse(buf, from, to).getUpdate().getEpoch();
                    epochFromNextUpdate = false;
                }
                onUpdate(received, reader);
            } else {
                onControl(reader.parse(buf, from, to), received);
            }
        } catch (InvalidProtocolBufferException e) {
            fail("undecodable frame: " + e.getMessage());
        }
    }

    @Override
    public void onClose(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        channel.close();
    }

    @Override
    public void onBytes(int bytes) {
        fleet.onBytes(bytes);
    }

    @Override
    public void onProtocolError(String message) {
        fail("protocol error: " + message);
    }

    private void onUpdate(long received, FrameReader reader) {
        if (state != State.LIVE && state != State.SNAPSHOT) {
            fail("update before the subscribe reply");
            return;
        }
        checker.accept(reader.seq());
        if (reader.hasOccurredAt()) {
            loopState.deliveries.record(received, WallClock.fromEpoch(reader.occurredSeconds(), reader.occurredNanos()));
        } else {
            loopState.deliveries.recordUnstamped(received);
        }
    }

    private void onControl(ServerFrame frame, long received) {
        switch (frame.getKindCase()) {
            case CONNECTED -> {
                if (state == State.CONNECTING) {
                    state = State.SUBSCRIBING;
                    send(carry == null ? fleet.subscribeFrame(event) : fleet.subprotocol().frame(
                            fleet.subprotocol().encode(ClientFrames.resume(fleet.eventId(event), 1, epoch, checker.last()))));
                }
            }
            case SUBSCRIBED -> onSubscribed(frame.getSubscribed());
            case SNAPSHOT -> onSnapshot(frame.getSnapshot(), received);
            case ERROR -> {
                errorFrames++;
                String what = "error frame " + frame.getError().getCode() + ": " + frame.getError().getMessage();
                if (state == State.LIVE) {
                    fleet.onLiveError(what);
                } else {
                    fail(what);
                }
            }
            case GO_AWAY -> {
                goAways++;
                if (fleet.resumes()) {
                    // Leave as asked; the close then reconnects elsewhere and resumes.
                    long after = Math.min(5000, frame.getGoAway().getReconnectAfterMs());
                    channel.eventLoop().schedule(() -> {
                        channel.close();
                    }, after, java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    fleet.onLiveError("go_away: " + frame.getGoAway().getReason());
                }
            }
            default -> {
                // pong, refreshed, unsubscribed: nothing to do in this scenario.
            }
        }
    }

    private void onSubscribed(Subscribed subscribed) {
        if (state == State.SUBSCRIBING && carry != null) {
            epoch = subscribed.getEpoch();
            loopState.reconnectTimes.recordValue(Histograms.micros(System.nanoTime() - carry.disconnectedNanoTime()));
            fleet.onResumed(subscribed.getRecovered());
            if (subscribed.getRecovered()) {
                // The missed updates follow as ordinary updates, checked against the position.
                state = State.LIVE;
            } else {
                fleet.onLiveError("continuity lost on resume (subscribed, recovered=false)");
                checker.reset(subscribed.getSeq());
                state = State.SNAPSHOT;
            }
        } else if (state == State.SUBSCRIBING) {
            epoch = subscribed.getEpoch();
            checker = new SeqChecker(subscribed.getSeq());
            state = State.SNAPSHOT;
        } else if (state == State.LIVE && !subscribed.getRecovered()) {
            // The server reset this client's view (history lost): a fresh snapshot follows.
            fleet.onLiveError("view reset by the server (subscribed, recovered=false)");
            checker.reset(subscribed.getSeq());
            state = State.SNAPSHOT;
        }
    }

    private void onSnapshot(Snapshot snapshot, long received) {
        if (state != State.SNAPSHOT) {
            fail("snapshot without a subscribe reply");
            return;
        }
        if (snapshot.getLastPage()) {
            state = State.LIVE;
            if (!wentLive) {
                wentLive = true;
                loopState.connectTimes.recordValue(Histograms.micros(received - startNanoTime));
                fleet.onReady();
                if (fleet.lifetimeNanos() > 0) {
                    channel.eventLoop().schedule(this::endLifetime, fleet.lifetimeNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** Writes a whole masked frame, copied into a pooled direct buffer (the socket, or TLS, wants direct memory). */
    private void send(byte[] frame) {
        channel.writeAndFlush(channel.alloc().ioBuffer(frame.length).writeBytes(frame), channel.voidPromise());
    }

    private void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (fleet.resumes() && !fleet.isClosing() && (state == State.LIVE || carry != null)) {
            Carry next = state == State.LIVE || carry == null
                    ? new Carry(index, event, checker, epoch, System.nanoTime(), 1) : carry.next();
            state = State.CLOSED;
            if (fleet.reconnect(next, reason)) {
                // The next connection stands in for this client from now on.
                if (loopState != null) {
                    loopState.members.remove(this);
                }
            } else {
                fleet.onDisconnected("gave up reconnecting: " + reason);
            }
            if (channel != null) {
                channel.close();
            }
            return;
        }
        if (state == State.LIVE) {
            fleet.onDisconnected(reason);
        } else {
            fleet.onConnectFailed(reason + " (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        state = State.CLOSED;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.CLOSED) {
            if (state == State.LIVE && fleet.isClosing()) {
                state = State.CLOSED;
            } else {
                fail(closeCode >= 0 ? "closed by the server: " + closeCode + " " + closeReason : "connection closed");
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause instanceof IOException ? "I/O error: " + cause.getMessage() : cause.toString());
    }

    /** Ends the client at the end of the run, politely. */
    void closeAtEnd() {
        if (state == State.CLOSED) {
            return;
        }
        boolean live = state == State.LIVE;
        state = State.CLOSED;
        if (live && channel.isActive()) {
            channel.writeAndFlush(channel.alloc().ioBuffer(CLOSE_FRAME.length).writeBytes(CLOSE_FRAME)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private void endLifetime() {
        if (state == State.LIVE) {
            closeAtEnd();
            fleet.onEnded();
        }
    }

    /** The client's channel; null until it is registered. */
    Channel channel() {
        return channel;
    }

    /** The index of the event this client watches. */
    int event() {
        return event;
    }

    /** Whether the client got its snapshot (it counts in the expected deliveries). */
    boolean wasReady() {
        return wentLive;
    }

    boolean isLive() {
        return state == State.LIVE;
    }

    SeqChecker checker() {
        return checker;
    }

    long errorFrames() {
        return errorFrames;
    }

    long goAways() {
        return goAways;
    }
}
