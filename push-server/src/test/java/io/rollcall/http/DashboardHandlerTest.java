package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard page and assets: content types, caching, CSP, and refusals. */
class DashboardHandlerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FullHttpRequest request = (FullHttpRequest) msg;
            try {
                DashboardHandler.shared().handle(ctx, request, new QueryStringDecoder(request.uri()).path());
            } finally {
                request.release();
            }
        }
    });

    @AfterEach
    void finish() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private FullHttpResponse get(HttpMethod method, String uri, String ifNoneMatch) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (ifNoneMatch != null) {
            request.headers().set(HttpHeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response to %s %s", method, uri).isNotNull();
        return response;
    }

    @ParameterizedTest
    @CsvSource({
        "/events/wedding-2026, text/html; charset=utf-8, <title>",
        "/dashboard/app.js, text/javascript; charset=utf-8, rollcall.v1.json",
        "/dashboard/app.css, text/css; charset=utf-8, @media",
    })
    void pages_and_assets_come_with_their_type_a_strict_policy_and_revalidation(String uri, String type, String content) {
        FullHttpResponse response = get(HttpMethod.GET, uri, null);
        try {
            assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(type);
            assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_SECURITY_POLICY))
                    .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains(content);
        } finally {
            response.release();
        }
    }

    @Test
    void an_unchanged_asset_is_answered_with_304_and_no_body() {
        FullHttpResponse first = get(HttpMethod.GET, "/dashboard/app.js", null);
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        first.release();
        assertThat(etag).startsWith("\"").endsWith("\"");

        FullHttpResponse again = get(HttpMethod.GET, "/dashboard/app.js", etag);
        assertThat(again.status()).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
        assertThat(again.content().readableBytes()).isZero();
        again.release();
    }

    @Test
    void the_page_ignores_a_query_so_tokens_are_never_expected_there() {
        FullHttpResponse response = get(HttpMethod.GET, "/events/wedding?x=1", null);
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        response.release();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events/", "/events/bad%20id", "/events/a/b", "/events/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "/dashboard/secret.txt",
        "/dashboard/../redis/rollcall.lua", "/dashboard/"})
    void unknown_events_and_assets_are_404(String uri) {
        FullHttpResponse response = get(HttpMethod.GET, uri, null);
        assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("not_found");
        response.release();
    }

    @Test
    void other_methods_than_get_and_head_are_405() {
        FullHttpResponse post = get(HttpMethod.POST, "/events/wedding", null);
        assertThat(post.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        post.release();
        FullHttpResponse head = get(HttpMethod.HEAD, "/events/wedding", null);
        assertThat(head.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(head.content().readableBytes()).isZero();
        head.release();
    }
}
