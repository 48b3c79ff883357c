package io.rollcall.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.rollcall.limits.Refusal;
import io.rollcall.limits.UpgradeGate;
import io.rollcall.session.SessionContext;
import io.rollcall.transport.ConnectDeadline;
import io.rollcall.transport.Encoding;

/**
 * Routes requests on the public port: {@code /ws} upgrades (refused with a clear HTTP error when
 * they are not WebSocket requests, offer none of our subprotocols, or the {@link UpgradeGate}
 * refuses them), the HTTP API and the dashboard; keep-alive connections get the HTTP idle timeout.
 * One instance per connection; event loop only.
 */
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String WEBSOCKET_PATH = "/ws";

    private final SessionContext sessions;
    private final AttendanceApi api;
    private final UpgradeGate gate;
    private boolean servedHttp;

    public HttpRouter(SessionContext sessions, AttendanceApi api, UpgradeGate gate) {
        this.sessions = sessions;
        this.api = api;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            // Malformed, or cut short when the connect deadline closed the connection: nothing to route.
            try {
                if (ctx.channel().isActive()) {
                    HttpResponses.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request", null);
                }
            } finally {
                request.release();
            }
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(WEBSOCKET_PATH)) {
            if (acceptsUpgrade(ctx, request)) {
                if (servedHttp) {
                    // A keep-alive connection turning into a WebSocket gets the connect deadline again.
                    ConnectDeadline.rearm(ctx.pipeline(), sessions.config().limits().connectTimeout(), false);
                }
                ctx.fireChannelRead(request);
            } else {
                request.release();
            }
            return;
        }
        try {
            servedHttp = true;
            ConnectDeadline.rearm(ctx.pipeline(), sessions.config().limits().admission().httpIdleTimeout(), true);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (path.startsWith(AttendanceApi.PREFIX)) {
                api.handle(ctx, request, path);
            } else if (DashboardHandler.handles(path)) {
                DashboardHandler.shared().handle(ctx, request, path);
            } else {
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such resource", null);
            }
        } finally {
            request.release();
        }
    }

    private boolean acceptsUpgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if (!request.method().equals(HttpMethod.GET) || upgrade == null || !HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade)) {
            refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "not_websocket",
                    "/ws takes WebSocket upgrades (GET with Upgrade: websocket) only");
            return false;
        }
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (offered == null || !offersKnownSubprotocol(offered)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "unsupported_subprotocol",
                    "Sec-WebSocket-Protocol must offer rollcall.v1.proto or rollcall.v1.json");
            return false;
        }
        Refusal refusal = gate.admit(ctx.channel(), request.headers());
        if (refusal != null) {
            sessions.metrics().handshakeRejected(refusal.reason());
            HttpResponses.refuse(ctx, refusal.status(), refusal.reason(), refusal.message(), refusal.retryAfter());
            return false;
        }
        return true;
    }

    private static boolean offersKnownSubprotocol(String offered) {
        for (String name : offered.split(",")) {
            if (Encoding.forSubprotocol(name.trim()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, String message) {
        sessions.metrics().handshakeRejected(reason);
        HttpResponses.error(ctx, false, status, reason, message, null);
    }
}
