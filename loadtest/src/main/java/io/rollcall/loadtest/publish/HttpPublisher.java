package io.rollcall.loadtest.publish;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Publishes attendance updates through {@code POST /api/v1/events/{id}/attendance} on a few
 * keep-alive connections: publish {@code i} goes to connection {@code i mod n}. It runs on its own
 * event loop so subscriber traffic never delays it; the bookkeeping is {@link Publisher}'s.
 * Thread-safe as {@link Publisher} says.
 */
public final class HttpPublisher extends Publisher {
    /** Where to publish and how; immutable. */
    public record Spec(URI baseUrl, List<String> eventIds, String token, int connections, int guests, int noteChars, Transport transport,
            int capacity) {
        public Spec {
            eventIds = List.copyOf(eventIds);
        }
    }

    private final Spec spec;
    private final EventLoopGroup group;
    private final String[] paths;
    private final String hostHeader;
    private final String authorization;
    private final List<PublishConnection> connections = new ArrayList<>();
    private volatile boolean closing;

    public HttpPublisher(Spec spec) {
        super(spec.eventIds().size(), spec.capacity());
        this.spec = spec;
        this.group = spec.transport().newGroup(1, "publisher");
        this.paths = spec.eventIds().stream().map(id -> "/api/v1/events/" + id + "/attendance").toArray(String[]::new);
        URI base = spec.baseUrl();
        int port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = base.getHost() + ":" + port;
        this.authorization = "Bearer " + spec.token();
    }

    @Override
    public void start(Duration timeout) throws InterruptedException {
        URI base = spec.baseUrl();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(spec.transport().channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis());
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 0; i < spec.connections(); i++) {
            PublishConnection connection = new PublishConnection(this);
            connections.add(connection);
            futures.add(bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), connection);
                }
            }).connect(base.getHost(), base.getPort() > 0 ? base.getPort() : 80));
        }
        for (ChannelFuture future : futures) {
            if (!future.await(timeout.toMillis()) || !future.isSuccess()) {
                throw new IllegalStateException("cannot open publish connection to " + base + ": "
                        + (future.cause() == null ? "timed out" : future.cause().getMessage()));
            }
        }
    }

    @Override
    void send(long index, long intendedNanoTime) {
        PublishConnection connection = connections.get((int) (index % connections.size()));
        connection.channel().eventLoop().execute(() -> connection.submit(index, intendedNanoTime));
    }

    FullHttpRequest request(ByteBufAllocator alloc, long index, long intendedNanoTime) {
        ByteBuf body = ByteBufUtil.writeUtf8(alloc, AttendanceBodies.json(updateOf(index), intendedNanoTime, spec.guests(),
                spec.noteChars()));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, paths[eventOf(index)], body);
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.AUTHORIZATION, authorization)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return request;
    }

    void onResponse(FullHttpResponse response, long index, long intendedNanoTime, long writtenNanoTime, long nowNanoTime) {
        String body = response.content().toString(StandardCharsets.UTF_8);
        long seq = response.status().equals(HttpResponseStatus.OK) ? seqOf(body) : -1;
        replied(index, intendedNanoTime, writtenNanoTime, nowNanoTime, seq,
                seq > 0 ? null : "HTTP " + response.status().code() + ": " + (body.length() > 160 ? body.substring(0, 160) + "…" : body));
    }

    void onFailure(String reason) {
        failed(reason);
    }

    void onProblem(String reason) {
        problem(reason);
    }

    /** The {@code seq} member of a publish reply ({"eventId":…,"seq":N,…}), or -1. */
    static long seqOf(String json) {
        int at = json.indexOf("\"seq\":");
        if (at < 0) {
            return -1;
        }
        int i = at + 6;
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        long seq = 0;
        int digits = 0;
        for (; i < json.length() && Character.isDigit(json.charAt(i)) && digits < 19; i++, digits++) {
            seq = seq * 10 + (json.charAt(i) - '0');
        }
        return digits == 0 ? -1 : seq;
    }

    boolean isClosing() {
        return closing;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        for (PublishConnection connection : connections) {
            if (connection.channel() != null) {
                connection.channel().close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
    }
}
