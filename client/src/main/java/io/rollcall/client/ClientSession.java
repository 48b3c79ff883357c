package io.rollcall.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.Refresh;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Unsubscribe;
import io.rollcall.protocol.Update;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's protocol: authenticates once the WebSocket is up, resubscribes every event
 * from its position, routes frames to the events' positions, refreshes the token in-band before it
 * expires, honours {@code go_away}, and closes a connection that went silent (the reconnect is
 * the client's job). Event loop only.
 */
final class ClientSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** A token is refreshed when a third of its remaining life is left, but at most this early. */
    static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(1);
    /** The server's warning that the token expires soon (docs/protocol.md §6). */
    static final int TOKEN_EXPIRING = 4441;
    /**
     * Close codes that say this client is at fault (docs/protocol.md: protocol violation, message
     * too big, malformed or unexpected frame): reconnecting would only repeat them.
     */
    private static final Set<Integer> CLIENT_FAULTS = Set.of(1002, 1009, 4400, 4405);

    private final RollcallClient client;
    private final Encoding encoding;
    private final Clock clock;
    private ScheduledFuture<?> refreshTimer;
    private Instant tokenExpiresAt;

    ClientSession(RollcallClient client, Encoding encoding, Clock clock) {
        this.client = client;
        this.encoding = encoding;
        this.clock = clock;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            send(ctx.channel(), ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(client.token())).build());
        } else if (event instanceof IdleStateEvent) {
            log.debug("no traffic from {} for two heartbeat intervals; reconnecting", client.uri());
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        if (frame instanceof CloseWebSocketFrame close) {
            log.debug("server closed the session: {} {}", close.statusCode(), close.reasonText());
            if (CLIENT_FAULTS.contains(close.statusCode())) {
                client.giveUp(close.statusCode(), close.reasonText());
            }
            ctx.close();
            return;
        }
        ServerFrame message = encoding.decode(frame);
        if (message == null) {
            return;
        }
        switch (message.getKindCase()) {
            case CONNECTED -> connected(ctx, message);
            case SUBSCRIBED -> client.positionOf(message.getSubscribed().getEventId()).subscribed(message.getSubscribed());
            case SNAPSHOT -> client.positionOf(message.getSnapshot().getEventId()).snapshotPage(message.getSnapshot());
            case UPDATE -> update(ctx, message.getUpdate());
            case ERROR -> {
                if (message.getError().getCode() == TOKEN_EXPIRING) {
                    // Our own refresh timer (a third of the remaining life, at most a minute early) already covers it;
                    // refreshing on every warning would loop with tokens shorter than the server's warning window.
                    log.debug("server {} warns that the token expires soon", client.uri());
                } else {
                    client.positionOf(message.getError().getEventId()).listener.onError(message.getError().getCode(),
                            message.getError().getMessage());
                }
            }
            case REFRESHED -> scheduleRefresh(ctx, message.getRefreshed().getTokenExpiresAt());
            case GO_AWAY -> {
                log.debug("server {} asked to reconnect in {} ms: {}", client.uri(), message.getGoAway().getReconnectAfterMs(),
                        message.getGoAway().getReason());
                client.backoff().requested(message.getGoAway().getReconnectAfterMs());
                ctx.close();
            }
            default -> { }
        }
    }

    private void connected(ChannelHandlerContext ctx, ServerFrame message) {
        client.backoff().reset();
        client.sessionStarted(ctx.channel());
        // The server pings after each silent interval: two intervals with no byte at all mean a dead link.
        long silence = 2L * Math.max(1, message.getConnected().getHeartbeatIntervalMs()) + 1000;
        ctx.pipeline().addFirst("idle", new IdleStateHandler(silence, 0, 0, TimeUnit.MILLISECONDS));
        for (EventPosition position : client.positions()) {
            subscribe(ctx.channel(), position);
        }
        scheduleRefresh(ctx, message.getConnected().getTokenExpiresAt());
    }

    private void update(ChannelHandlerContext ctx, Update update) {
        EventPosition position = client.positionOf(update.getEventId());
        if (!position.apply(update)) {
            log.warn("gap in event {} at {}; resubscribing from {}", position.eventId, update.getSeq(), position.seq);
            send(ctx.channel(), ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId(position.eventId)).build());
            subscribe(ctx.channel(), position);
        }
    }

    void subscribe(Channel channel, EventPosition position) {
        send(channel, ClientFrame.newBuilder().setSubscribe(
                Subscribe.newBuilder().setEventId(position.eventId).setEpoch(position.epoch).setSinceSeq(position.seq)).build());
    }

    /** Sends {@code refresh} with a fresh token when a third of the token's remaining life is left. */
    private void scheduleRefresh(ChannelHandlerContext ctx, Timestamp expiresAt) {
        if (expiresAt.getSeconds() == 0) {
            return;
        }
        Instant expiry = Instant.ofEpochSecond(expiresAt.getSeconds(), expiresAt.getNanos());
        if (tokenExpiresAt != null && !expiry.isAfter(tokenExpiresAt)) {
            // The supplier handed out no fresher token; the server ends the session at expiry and we reconnect.
            log.warn("token refresh for {} did not extend the expiry ({})", client.uri(), expiry);
            return;
        }
        tokenExpiresAt = expiry;
        long remaining = Math.max(0, Duration.between(clock.instant(), expiry).toMillis());
        long delay = remaining - Math.min(remaining / 3, MAX_REFRESH_MARGIN.toMillis());
        refreshTimer = ctx.executor().schedule(() -> refreshNow(ctx), delay, TimeUnit.MILLISECONDS);
    }

    private void refreshNow(ChannelHandlerContext ctx) {
        client.refreshed();
        send(ctx.channel(), ClientFrame.newBuilder().setRefresh(Refresh.newBuilder().setToken(client.token())).build());
    }

    void send(Channel channel, ClientFrame frame) {
        try {
            channel.writeAndFlush(encoding.encode(frame));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot encode " + frame.getKindCase(), e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
        }
        client.connectionEnded();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection to {} failed: {}", client.uri(), cause.toString());
        ctx.close();
    }
}
