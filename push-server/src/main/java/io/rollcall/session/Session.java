package io.rollcall.session;

import com.google.protobuf.Timestamp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.rollcall.attendance.MessageIds;
import io.rollcall.auth.AuthException;
import io.rollcall.auth.AuthFailure;
import io.rollcall.auth.Principal;
import io.rollcall.broker.Catchup;
import io.rollcall.limits.FrameFilter;
import io.rollcall.metrics.ServerMetrics.CatchupTrigger;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connected;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.Pong;
import io.rollcall.protocol.Refreshed;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Subscribed;
import io.rollcall.protocol.Unsubscribed;
import io.rollcall.protocol.Update;
import io.rollcall.transport.ConnectDeadline;
import io.rollcall.transport.Encoding;
import io.rollcall.transport.ExceptionHandler;
import io.rollcall.transport.MalformedFrameException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket session, installed when the handshake completes: decodes its frames,
 * authenticates the first one, manages its subscriptions and writes what they deliver. Closes with
 * a documented {@link ErrorCode} on bad input, expiry, or when the client stops reading. Event
 * loop only.
 */
public final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final SessionContext context;
    private final Encoding encoding;
    private final ExceptionHandler exceptions;
    /** Rendered when needed (connected frame, logs): a connection held for hours keeps 8 bytes, not a string. */
    private final long idBits = MessageIds.shortIdBits();
    private final Subscriptions subscriptions = new Subscriptions();
    private final long openedNanos = System.nanoTime();
    private Channel channel;
    private Principal principal;
    /** Warns of the token's expiry, then (rescheduled by the warning) closes the session; reset by refresh. */
    private ScheduledFuture<?> expiry;
    private long unwritableSinceNanos;
    private boolean closing;

    /** {@code exceptions} takes what reaches this handler, the last of the pipeline. */
    public Session(SessionContext context, Encoding encoding, ExceptionHandler exceptions) {
        this.context = context;
        this.encoding = encoding;
        this.exceptions = exceptions;
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    Encoding encoding() {
        return encoding;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        context.metrics().connectionOpened();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean byClient = !closing;
        closing = true;
        for (Subscription subscription : subscriptions.clear()) {
            subscription.close();
            context.hub().leave(subscription.eventId, subscription);
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        context.metrics().connectionClosed(System.nanoTime() - openedNanos, byClient);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (closing) {
            return;
        }
        context.metrics().frameReceived();
        ClientFrame request;
        try {
            request = encoding.decode(frame);
        } catch (MalformedFrameException e) {
            closeWith(ErrorCode.MALFORMED_FRAME, e.getMessage());
            return;
        }
        if (principal == null && request.getKindCase() != ClientFrame.KindCase.CONNECT) {
            closeWith(ErrorCode.UNAUTHORIZED, "the first frame must be connect");
            return;
        }
        String problem = FrameFilter.problem(request);
        if (problem != null) {
            sendError(ErrorCode.INVALID_ARGUMENT, problem, "", request.getRequestId());
            return;
        }
        switch (request.getKindCase()) {
            case CONNECT -> connect(request);
            case SUBSCRIBE -> subscribe(request);
            case UNSUBSCRIBE -> unsubscribe(request);
            case REFRESH -> refresh(request);
            case PING -> reply(request, ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()));
            default -> closeWith(ErrorCode.MALFORMED_FRAME, "unknown frame kind");
        }
    }

    private void connect(ClientFrame request) {
        if (principal != null) {
            closeWith(ErrorCode.UNEXPECTED_FRAME, "already connected");
            return;
        }
        try {
            principal = context.verifier().verify(request.getConnect().getToken());
        } catch (AuthException e) {
            context.metrics().authFailed(e.reason());
            closeWith(e.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        ConnectDeadline.cancel(channel.pipeline());
        reply(request, ServerFrame.newBuilder().setConnected(Connected.newBuilder()
                .setSessionId(id())
                .setNodeId(context.config().nodeId())
                .setHeartbeatIntervalMs((int) context.config().delivery().heartbeatInterval().toMillis())
                .setTokenExpiresAt(timestamp(principal.expiresAt()))
                .setMaxSubscriptions(context.config().limits().maxSubscriptions())));
        scheduleExpiry();
    }

    private void refresh(ClientFrame request) {
        Principal refreshed;
        try {
            refreshed = context.verifier().verify(request.getRefresh().getToken());
        } catch (AuthException e) {
            context.metrics().authFailed(e.reason());
            closeWith(e.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED, "refresh refused: " + e.getMessage());
            return;
        }
        if (!refreshed.subject().equals(principal.subject())) {
            context.metrics().authFailed(AuthFailure.SUBJECT_CHANGED);
            closeWith(ErrorCode.UNAUTHORIZED, "refresh token has another subject");
            return;
        }
        principal = refreshed;
        for (Subscription subscription : subscriptions.toArray()) {
            if (!principal.mayWatch(subscription.eventId)) {
                context.metrics().authFailed(AuthFailure.FORBIDDEN);
                dropSubscription(subscription);
                sendError(ErrorCode.FORBIDDEN, "the refreshed token does not allow this event", subscription.eventId, 0);
            }
        }
        reply(request, ServerFrame.newBuilder().setRefreshed(Refreshed.newBuilder().setTokenExpiresAt(timestamp(principal.expiresAt()))));
        scheduleExpiry();
    }

    private void subscribe(ClientFrame request) {
        Subscribe subscribe = request.getSubscribe();
        String eventId = context.hub().canonicalId(subscribe.getEventId());
        int requestId = request.getRequestId();
        if (!principal.mayWatch(eventId)) {
            context.metrics().authFailed(AuthFailure.FORBIDDEN);
            sendError(ErrorCode.FORBIDDEN, "the token does not allow this event", eventId, requestId);
        } else if (subscriptions.get(eventId) != null) {
            sendError(ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to this event", eventId, requestId);
        } else if (subscriptions.size() >= context.config().limits().maxSubscriptions()) {
            sendError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most " + context.config().limits().maxSubscriptions() + " subscriptions", eventId,
                    requestId);
        } else {
            Subscription subscription = new Subscription(this, eventId, subscribe.getEpoch(), subscribe.getSinceSeq());
            subscriptions.add(subscription);
            subscription.ready = context.hub().join(eventId, subscription);
            catchUp(subscription, true, requestId);
        }
    }

    private void unsubscribe(ClientFrame request) {
        String eventId = request.getUnsubscribe().getEventId();
        Subscription subscription = subscriptions.get(eventId);
        if (subscription == null) {
            sendError(ErrorCode.NOT_SUBSCRIBED, "not subscribed to this event", eventId, request.getRequestId());
            return;
        }
        dropSubscription(subscription);
        reply(request, ServerFrame.newBuilder().setUnsubscribed(Unsubscribed.newBuilder().setEventId(eventId)));
    }

    private void dropSubscription(Subscription subscription) {
        subscriptions.remove(subscription);
        subscription.close();
        context.hub().leave(subscription.eventId, subscription);
    }

    /**
     * Brings a subscription to the broker's present: waits until live updates reach the hub, then
     * fetches the missed updates (or a snapshot) and writes them on this loop.
     */
    void catchUp(Subscription subscription, boolean initial, int requestId) {
        EventLoop loop = loop();
        CompletableFuture<Catchup> fetched = subscription.ready
                .thenCompose(ready -> context.broker().catchUp(subscription.eventId, subscription.epoch(), subscription.seq()));
        if (initial && fetched.isDone() && loop.inEventLoop()) {
            // Answered already (the memory broker, a live topic): reply while handling the subscribe
            // frame, sparing a task hop. Only then: a resync runs inside the hub's delivery loop.
            Catchup catchup = null;
            Throwable error = null;
            try {
                catchup = fetched.join();
            } catch (CompletionException | CancellationException e) {
                error = e;
            }
            caughtUp(subscription, true, requestId, catchup, error);
            return;
        }
        fetched.whenComplete((catchup, error) -> loop.execute(() -> caughtUp(subscription, initial, requestId, catchup, error)));
    }

    private void caughtUp(Subscription subscription, boolean initial, int requestId, Catchup catchup, Throwable error) {
        if (subscription.isClosed() || closing) {
            return;
        }
        if (error != null) {
            log.atWarn().addKeyValue("session", id()).addKeyValue("remote", channel.remoteAddress()).addKeyValue("event", subscription.eventId)
                    .setCause(error).log("catch-up failed");
            closeWith(ErrorCode.UNAVAILABLE, "history unavailable, reconnect later");
            return;
        }
        boolean recovered = catchup instanceof Catchup.Replay;
        context.metrics().caughtUp(!initial ? CatchupTrigger.RESYNC : subscription.epoch().isEmpty() ? CatchupTrigger.SUBSCRIBE
                : CatchupTrigger.RESUME, recovered);
        if (initial || !recovered) {
            write(ServerFrame.newBuilder().setRequestId(requestId).setSubscribed(Subscribed.newBuilder()
                    .setEventId(subscription.eventId)
                    .setEpoch(catchup.epoch())
                    .setSeq(catchup.seq())
                    .setRecovered(recovered)));
        }
        if (catchup instanceof Catchup.Replay replay) {
            int replayed = 0;
            long bytes = 0;
            for (Update update : replay.updates()) {
                if (update.getSeq() > subscription.seq() || !update.getEpoch().equals(subscription.epoch())) {
                    subscription.replayed(update);
                    bytes += write(ServerFrame.newBuilder().setUpdate(update));
                    replayed++;
                }
            }
            countDelivered(replayed, bytes);
        } else if (catchup instanceof Catchup.Reset reset) {
            for (byte[] frame : context.snapshots().frames(reset.snapshot(), encoding)) {
                // Shared and read-only: the transport copies it into its own buffer as it writes.
                channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            }
        }
        channel.flush();
        subscription.caughtUp(catchup);
    }

    /** Writes a frame encoded for this session alone; flushed by the caller. Returns its size in bytes. */
    private int write(ServerFrame.Builder frame) {
        ByteBuf encoded = encoding.encode(channel.alloc(), frame.build());
        int bytes = encoded.readableBytes();
        channel.write(encoded, channel.voidPromise());
        return bytes;
    }

    /** Meters replayed updates (live ones are metered where they are written, in {@link #writeShared}). */
    private void countDelivered(int count, long bytes) {
        if (count > 0) {
            context.metrics().delivered(count, bytes);
        }
    }

    /**
     * Writes frames shared with other sessions ({@code updates} of them, back to back in one
     * buffer). Returns false, and closes the session, when the client has stopped reading for
     * longer than the slow-consumer bound.
     */
    boolean writeShared(ByteBuf frames, int updates) {
        if (closing) {
            return false;
        }
        if (!channel.isWritable() && isTooSlow()) {
            closeWith(ErrorCode.SLOW_CONSUMER, "not reading fast enough; resume from your position");
            return false;
        }
        channel.write(frames.retainedDuplicate(), channel.voidPromise());
        context.metrics().delivered(updates, frames.readableBytes());
        return true;
    }

    private boolean isTooSlow() {
        long now = System.nanoTime();
        if (unwritableSinceNanos == 0) {
            unwritableSinceNanos = now;
        }
        long pending = channel.unsafe().outboundBuffer() == null ? 0 : channel.unsafe().outboundBuffer().totalPendingWriteBytes();
        return pending >= context.config().limits().maxPendingBytes()
                || now - unwritableSinceNanos >= context.config().limits().slowConsumerTimeout().toNanos();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            unwritableSinceNanos = 0;
        } else {
            unwritableSinceNanos = System.nanoTime();
            long timeout = context.config().limits().slowConsumerTimeout().toNanos();
            // A client that stops reading while no more updates come must still be released.
            ctx.executor().schedule(() -> {
                if (!channel.isWritable() && unwritableSinceNanos != 0 && System.nanoTime() - unwritableSinceNanos >= timeout) {
                    closeWith(ErrorCode.SLOW_CONSUMER, "not reading fast enough; resume from your position");
                }
            }, timeout, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    void flush() {
        channel.flush();
    }

    private void reply(ClientFrame request, ServerFrame.Builder frame) {
        write(frame.setRequestId(request.getRequestId()));
        channel.flush();
    }

    private void sendError(ErrorCode code, String message, String eventId, int requestId) {
        context.metrics().error(code);
        write(ServerFrame.newBuilder().setRequestId(requestId).setError(io.rollcall.protocol.Error.newBuilder()
                .setCode(code.code()).setMessage(message).setEventId(eventId)));
        channel.flush();
    }

    /**
     * Drain: tells the client to reconnect (to another node) after {@code reconnectAfterMs} and
     * resume, then closes with 1001 if the client is still here {@code grace} after that.
     */
    public void goAway(int reconnectAfterMs, Duration grace) {
        if (closing || !channel.isActive()) {
            return;
        }
        write(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReason("node draining").setReconnectAfterMs(reconnectAfterMs)));
        channel.flush();
        channel.eventLoop().schedule(() -> closeWith(ErrorCode.GOING_AWAY, "drained"), reconnectAfterMs + grace.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Sends a close frame with the code and closes once it is written (or after a second at most). */
    public void closeWith(ErrorCode code, String detail) {
        if (closing || !channel.isActive()) {
            return;
        }
        closing = true;
        context.metrics().error(code);
        log.atDebug().addKeyValue("session", (Supplier<Object>) this::id).addKeyValue("remote", channel.remoteAddress()).addKeyValue("code", code.code())
                .log("closing: {}: {}", code.reason(), detail);
        channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason())).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS);
    }

    /** Starts the token's clock: a warning {@code jwt-expiry-warning} before {@code exp}, the close at {@code exp} + leeway. */
    private void scheduleExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        Instant warnAt = principal.expiresAt().minus(context.config().auth().expiryWarning());
        expiry = channel.eventLoop().schedule(this::warnOfExpiry, millisUntil(warnAt), TimeUnit.MILLISECONDS);
    }

    private void warnOfExpiry() {
        if (closing) {
            return;
        }
        sendError(ErrorCode.TOKEN_EXPIRING, "token expires at " + principal.expiresAt() + "; send refresh with a new token", "", 0);
        Instant closeAt = principal.expiresAt().plus(context.config().auth().leeway());
        expiry = channel.eventLoop().schedule(() -> closeWith(ErrorCode.TOKEN_EXPIRED, "token expired; reconnect with a fresh token"),
                millisUntil(closeAt), TimeUnit.MILLISECONDS);
    }

    private static long millisUntil(Instant instant) {
        return Math.max(0, instant.toEpochMilli() - System.currentTimeMillis());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public String id() {
        return MessageIds.shortId(idBits);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.handle(ctx, cause);
    }
}
