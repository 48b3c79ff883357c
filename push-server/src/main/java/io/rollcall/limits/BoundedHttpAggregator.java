package io.rollcall.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.rollcall.metrics.ServerMetrics;

/**
 * Aggregates HTTP requests up to the body limit; Netty answers a larger one with 413 (and closes
 * unless the client waits on {@code Expect: 100-continue}); this counts it as a rejected request.
 * One instance per connection; event loop only.
 */
public final class BoundedHttpAggregator extends HttpObjectAggregator {
    private final ServerMetrics metrics;

    public BoundedHttpAggregator(int maxBody, ServerMetrics metrics) {
        super(maxBody);
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        metrics.httpRejected();
        super.handleOversizedMessage(ctx, oversized);
    }
}
