package io.rollcall.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.session.ErrorCode;
import io.rollcall.session.Session;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of the admin pipeline; on the public one the last handler ({@code sessionInstaller},
 * then {@code session}) hands its exceptions to {@link #handle}, sparing every connection a
 * pipeline context. Network errors a client causes by going away are expected and
 * stay quiet; protocol violations are counted (Netty has already sent the close frame); anything
 * else is logged once with the remote address, counted as internal, and the connection closed.
 * Sharable and thread-safe.
 */
@ChannelHandler.Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);
    private final ServerMetrics metrics;

    public ExceptionHandler(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        handle(ctx, cause);
    }

    /** Counts and logs (or not, see above) an exception that reached the end of a pipeline, and closes. */
    public void handle(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            boolean tooBig = corrupted.closeStatus() != null
                    && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
            metrics.error(tooBig ? ErrorCode.MESSAGE_TOO_BIG : ErrorCode.PROTOCOL_VIOLATION);
            log.debug("{}: bad WebSocket frame: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            // A client offering only refused protocol versions or ciphers, or speaking plain text to the TLS port.
            metrics.tlsFailed();
            log.debug("{}: TLS refused: {}", ctx.channel().remoteAddress(), (cause.getCause() == null ? cause : cause.getCause()).getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            metrics.error(ErrorCode.INTERNAL_ERROR);
            Object session = ctx.pipeline().get(PipelineNames.SESSION);
            log.atWarn().addKeyValue("session", session instanceof Session known ? known.id() : "")
                    .addKeyValue("remote", ctx.channel().remoteAddress()).setCause(cause).log("unexpected error, closing");
        }
        ctx.close();
    }
}
