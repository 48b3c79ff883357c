package io.rollcall.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.time.Duration;

/** Writing complete HTTP responses, with keep-alive honoured. Thread-safe. */
public final class HttpResponses {
    /** Our header names and values are constants and numbers: validating them on every response is wasted work. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString JSON = AsciiString.cached("application/json; charset=utf-8");

    private HttpResponses() {}

    public static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType, String body) {
        send(ctx, keepAlive, status, contentType, ByteBufUtil.writeUtf8(ctx.alloc(), body));
    }

    public static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType, ByteBuf body) {
        send(ctx, keepAlive, response(status, body), contentType);
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, HEADERS);
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response, CharSequence contentType) {
        ByteBuf body = response.content();
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        HttpUtil.setContentLength(response, body.readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
        send(ctx, keepAlive, response(status, ByteBufUtil.writeUtf8(ctx.alloc(), json)), JSON);
    }

    /** {@code {"error": code, "message": …, "field": …}}; field omitted when null. */
    public static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String code, String message,
            String field) {
        json(ctx, keepAlive, status, errorJson(code, message, field));
    }

    private static String errorJson(String code, String message, String field) {
        StringBuilder json = new StringBuilder("{\"error\":").append(quote(code)).append(",\"message\":").append(quote(message));
        if (field != null) {
            json.append(",\"field\":").append(quote(field));
        }
        return json.append('}').toString();
    }

    /** An error that closes the connection, with {@code Retry-After} in whole seconds when {@code retryAfter} is set. */
    public static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message, Duration retryAfter) {
        FullHttpResponse response = response(status, ByteBufUtil.writeUtf8(ctx.alloc(), errorJson(code, message, null)));
        if (retryAfter != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, retryAfter.toSeconds()));
        }
        send(ctx, false, response, JSON);
    }

    /** A JSON string literal. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
