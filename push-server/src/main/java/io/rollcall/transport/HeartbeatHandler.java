package io.rollcall.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Detects dead peers: after one interval without any inbound bytes the server sends a WebSocket
 * ping; after a second silent interval it closes with {@link ErrorCode#HEARTBEAT_TIMEOUT}. Pongs,
 * app-level pings and any other frame count as signs of life. Event loop only.
 */
public final class HeartbeatHandler extends IdleStateHandler {

    public HeartbeatHandler(Duration interval) {
        super(interval.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.isFirst()) {
            ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
        } else if (ctx.pipeline().get(PipelineNames.SESSION) instanceof Session session) {
            session.closeWith(ErrorCode.HEARTBEAT_TIMEOUT, "no answer to pings");
        } else {
            ctx.close();
        }
    }
}
