package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
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
    private final SessionContext sessions;
    private final OverloadMonitor overload;

    SessionInstaller(SessionContext sessions, OverloadMonitor overload) {
        this.sessions = sessions;
        this.overload = overload;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            Encoding encoding = Encoding.forSubprotocol(handshake.selectedSubprotocol()).orElse(Encoding.PROTO);
            ChannelPipeline pipeline = ctx.pipeline();
            // In the router's place: right behind the frame decoder, before wsProtocol (so it sees pongs).
            pipeline.replace(PipelineNames.HTTP_ROUTER, PipelineNames.FRAME_GUARD, new FrameGuard(sessions.config().limits().inboundRate(),
                    overload, sessions.metrics(), sessions.config().delivery().heartbeatInterval()));
            if (encoding == Encoding.JSON) {
                // Binary protobuf frames need no UTF-8 check; a proto session refuses text frames anyway.
                pipeline.addBefore(PipelineNames.WS_PROTOCOL, PipelineNames.UTF8_VALIDATOR, new Utf8FrameValidator(true));
            }
            pipeline.replace(this, PipelineNames.SESSION, new Session(sessions, encoding));
        }
        ctx.fireUserEventTriggered(event);
    }
}
