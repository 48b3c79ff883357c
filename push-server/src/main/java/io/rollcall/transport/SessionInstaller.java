package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.session.Session;
import io.rollcall.session.SessionContext;

/**
 * Turns an upgraded connection into a session: on the typed handshake-complete event it installs
 * the frame guard (rate limit and heartbeat), the UTF-8 check of text frames when the subprotocol
 * is JSON, and a {@link Session} speaking the negotiated subprotocol, and removes the HTTP router
 * and itself. One instance per connection; event loop only.
 */
final class SessionInstaller extends ChannelInboundHandlerAdapter {
    /**
     * Where {@link WebSocketServerProtocolHandler} keeps a connection's handshaker (the same key:
     * {@link AttributeKey#valueOf} returns one key per name). After the upgrade it only uses it to
     * answer a close frame, which needs no per-connection state; if Netty renames the key, this
     * one goes unused and connections simply keep their own handshaker.
     */
    private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER =
            AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

    private final SessionContext sessions;
    private final OverloadMonitor overload;
    private final WebSocketServerHandshaker sharedHandshaker;
    private final ExceptionHandler exceptions;

    /** {@code sharedHandshaker} replaces each connection's own after the upgrade (it holds the offered subprotocols and URL). */
    SessionInstaller(SessionContext sessions, OverloadMonitor overload, WebSocketServerHandshaker sharedHandshaker,
            ExceptionHandler exceptions) {
        this.sessions = sessions;
        this.overload = overload;
        this.sharedHandshaker = sharedHandshaker;
        this.exceptions = exceptions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            Encoding encoding = Encoding.forSubprotocol(handshake.selectedSubprotocol()).orElse(Encoding.PROTO);
            ctx.channel().attr(HANDSHAKER).set(sharedHandshaker);
            ChannelPipeline pipeline = ctx.pipeline();
            // In the router's place: right behind the frame decoder, before wsProtocol (so it sees pongs).
            pipeline.replace(PipelineNames.HTTP_ROUTER, PipelineNames.FRAME_GUARD, new FrameGuard(sessions.config().limits().inboundRate(),
                    overload, sessions.metrics(), sessions.config().delivery().heartbeatInterval()));
            if (encoding == Encoding.JSON) {
                // Binary protobuf frames need no UTF-8 check; a proto session refuses text frames anyway.
                pipeline.addBefore(PipelineNames.WS_PROTOCOL, PipelineNames.UTF8_VALIDATOR, new Utf8FrameValidator(true));
            }
            pipeline.replace(this, PipelineNames.SESSION, new Session(sessions, encoding, exceptions));
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Last handler until the upgrade (then the session is): see {@link PipelineNames}. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.handle(ctx, cause);
    }
}
