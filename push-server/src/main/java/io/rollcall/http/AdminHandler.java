package io.rollcall.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.rollcall.metrics.ServerMetrics;
import java.util.function.Supplier;

/**
 * The admin port: {@code /healthz} (the process is alive), {@code /readyz} (ready for new clients,
 * or 503 with the reason), {@code /metrics} (Prometheus text) and {@code POST /admin/drain}. It has
 * no authentication: it must not be reachable from outside the deployment. Sharable and
 * thread-safe.
 */
@ChannelHandler.Sharable
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;
    private final Supplier<String> notReadyReason;
    private final Runnable drain;

    /**
     * @param notReadyReason why the node should not get new clients, or null when it should
     * @param drain starts the node's drain; must not block
     */
    public AdminHandler(ServerMetrics metrics, Supplier<String> notReadyReason, Runnable drain) {
        this.metrics = metrics;
        this.notReadyReason = notReadyReason;
        this.drain = drain;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        switch (new QueryStringDecoder(request.uri()).path()) {
            case "/healthz" -> HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, "{\"alive\":true}");
            case "/readyz" -> {
                String reason = notReadyReason.get();
                if (reason == null) {
                    HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, "{\"ready\":true}");
                } else {
                    HttpResponses.json(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "{\"ready\":false,\"reason\":" + HttpResponses.quote(reason) + "}");
                }
            }
            case "/metrics" -> HttpResponses.send(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
            case "/admin/drain" -> {
                if (!request.method().equals(HttpMethod.POST)) {
                    HttpResponses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use POST", null);
                    return;
                }
                drain.run();
                HttpResponses.json(ctx, keepAlive, HttpResponseStatus.ACCEPTED, "{\"draining\":true}");
            }
            default -> HttpResponses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found",
                    "try /healthz, /readyz, /metrics or POST /admin/drain", null);
        }
    }
}
