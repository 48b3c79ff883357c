package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rollcall.session.Session;
import io.rollcall.session.SessionContext;

/**
 * Turns an upgraded connection into a session: on the typed handshake-complete event it installs
 * the heartbeat and a {@link Session} speaking the negotiated subprotocol, and removes the HTTP
 * router and itself. One instance per connection; event loop only.
 */
final class SessionInstaller extends ChannelInboundHandlerAdapter {
    private final SessionContext sessions;

    SessionInstaller(SessionContext sessions) {
        this.sessions = sessions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            Encoding encoding = Encoding.forSubprotocol(handshake.selectedSubprotocol()).orElse(Encoding.PROTO);
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.remove(PipelineNames.HTTP_ROUTER);
            pipeline.addBefore(PipelineNames.WS_PROTOCOL, PipelineNames.HEARTBEAT,
                    new HeartbeatHandler(sessions.config().delivery().heartbeatInterval()));
            pipeline.replace(this, PipelineNames.SESSION, new Session(sessions, encoding));
        }
        ctx.fireUserEventTriggered(event);
    }
}
