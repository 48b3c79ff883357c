package io.rollcall.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rollcall.config.ServerConfig;
import io.rollcall.http.AttendanceApi;
import io.rollcall.http.HttpRouter;
import io.rollcall.limits.BoundedHttpAggregator;
import io.rollcall.limits.OverloadMonitor;
import io.rollcall.limits.UpgradeGate;
import io.rollcall.session.SessionContext;
import io.rollcall.tls.ServerTls;

/** Assembles the public pipeline (see {@link PipelineNames} for the order). Thread-safe. */
public final class PublicChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SessionContext sessions;
    private final AttendanceApi api;
    private final ExceptionHandler exceptions;
    private final ChannelGroup allChannels;
    private final WebSocketServerProtocolConfig webSocketConfig;
    private final WebSocketServerHandshaker sharedHandshaker;
    private final ServerTls tls;
    private final UpgradeGate gate;
    private final OverloadMonitor overload;

    /** {@code tls} is null in plain mode (e.g. behind a TLS-terminating load balancer). */
    public PublicChannelInitializer(SessionContext sessions, AttendanceApi api, ChannelGroup allChannels, ServerTls tls,
            UpgradeGate gate, OverloadMonitor overload) {
        this.sessions = sessions;
        this.tls = tls;
        this.api = api;
        this.allChannels = allChannels;
        this.gate = gate;
        this.overload = overload;
        this.exceptions = new ExceptionHandler(sessions.metrics());
        ServerConfig.Limits limits = sessions.config().limits();
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpRouter.WEBSOCKET_PATH)
                .subprotocols(Encoding.PROTO.subprotocol() + "," + Encoding.JSON.subprotocol())
                .handshakeTimeoutMillis(limits.connectTimeout().toMillis())
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(limits.maxFrameSize())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        // Added per session, for JSON text frames only (SessionInstaller).
                        .withUTF8Validator(false)
                        .build())
                .build();
        // Used only to answer close frames after the upgrade; the URL is never sent from it.
        this.sharedHandshaker = new WebSocketServerHandshaker13(HttpRouter.WEBSOCKET_PATH, webSocketConfig.subprotocols(),
                webSocketConfig.decoderConfig());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        allChannels.add(channel);
        ServerConfig.Limits limits = sessions.config().limits();
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(PipelineNames.TLS, tls.newHandler(channel.alloc()));
        }
        pipeline.addLast(PipelineNames.CONNECT_DEADLINE, new ConnectDeadline(limits.connectTimeout(), sessions.metrics()));
        pipeline.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(PipelineNames.HTTP_AGGREGATOR, new BoundedHttpAggregator(limits.maxHttpBody(), sessions.metrics()));
        pipeline.addLast(PipelineNames.HTTP_ROUTER, new HttpRouter(sessions, api, gate));
        pipeline.addLast(PipelineNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(webSocketConfig));
        pipeline.addLast(PipelineNames.WS_AGGREGATOR, new WebSocketFrameAggregator(limits.maxFrameSize()));
        pipeline.addLast(PipelineNames.SESSION_INSTALLER, new SessionInstaller(sessions, overload, sharedHandshaker, exceptions));
    }
}
