package io.rollcall.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.rollcall.attendance.EventIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Serves the live attendance dashboard: {@code GET /events/{eventId}} returns the page and
 * {@code /dashboard/*} its script and stylesheet, all read once from the server jar. Responses
 * carry a strict Content-Security-Policy and an ETag; browsers revalidate on every load
 * ({@code no-cache}), so a new server version is picked up at once and unchanged assets cost a 304.
 * Thread-safe (immutable after loading).
 */
public final class DashboardHandler {
    public static final String PAGE_PREFIX = "/events/";
    public static final String ASSET_PREFIX = "/dashboard/";

    /** Scripts and styles from this origin only; WebSocket and fetch to this origin only; no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final DashboardHandler SHARED = new DashboardHandler();

    private final Asset page;
    private final Map<String, Asset> assets;

    private DashboardHandler() {
        page = Asset.load("index.html", "text/html; charset=utf-8");
        assets = Map.of(
                ASSET_PREFIX + "app.js", Asset.load("app.js", "text/javascript; charset=utf-8"),
                ASSET_PREFIX + "app.css", Asset.load("app.css", "text/css; charset=utf-8"));
    }

    /** The one instance: the assets are immutable, so every connection shares them. */
    public static DashboardHandler shared() {
        return SHARED;
    }

    public static boolean handles(String path) {
        return path.startsWith(PAGE_PREFIX) || path.startsWith(ASSET_PREFIX);
    }

    /** Answers a request whose path {@link #handles} accepted; the caller releases the request. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Asset asset = path.startsWith(PAGE_PREFIX) ? pageFor(path.substring(PAGE_PREFIX.length())) : assets.get(path);
        if (asset == null) {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such event page or asset", null);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use GET", null);
            return;
        }
        boolean unchanged = asset.etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        HttpResponseStatus status = unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK;
        ByteBuf body = unchanged || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, asset.contentType);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        headers.set(HttpHeaderNames.ETAG, asset.etag);
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        HttpUtil.setContentLength(response, unchanged ? 0 : asset.bytes.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The page for a valid event id (the script reads the id from the address); null otherwise. */
    private Asset pageFor(String eventId) {
        return EventIds.isValid(eventId) ? page : null;
    }

    /** One file from {@code dashboard/} on the class path, with a content hash as its ETag. */
    private record Asset(byte[] bytes, String contentType, String etag) {
        static Asset load(String name, String contentType) {
            try (InputStream in = DashboardHandler.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard/" + name + " is missing from the server jar");
                }
                byte[] bytes = in.readAllBytes();
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
