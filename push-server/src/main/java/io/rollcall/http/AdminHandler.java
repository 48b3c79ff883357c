package io.rollcall.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.rollcall.metrics.ServerMetrics;
import java.util.function.BooleanSupplier;

/**
 * The admin port: {@code /healthz} (the process is alive), {@code /readyz} (ready for new clients:
 * started, broker connected, not draining) and {@code /metrics} (Prometheus text). Sharable and
 * thread-safe.
 */
@ChannelHandler.Sharable
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;
    private final BooleanSupplier ready;

    public AdminHandler(ServerMetrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        switch (new QueryStringDecoder(request.uri()).path()) {
            case "/healthz" -> HttpResponses.send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain", "ok\n");
            case "/readyz" -> {
                boolean isReady = ready.getAsBoolean();
                HttpResponses.send(ctx, keepAlive, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                        isReady ? "ready\n" : "not ready\n");
            }
            case "/metrics" -> HttpResponses.send(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
            default -> HttpResponses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "try /healthz, /readyz or /metrics", null);
        }
    }
}
