package io.rollcall.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connected;
import io.rollcall.protocol.GoAway;
import io.rollcall.protocol.ServerFrame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code go_away} is honoured: the client waits the server's {@code reconnectAfterMs} instead of
 * its own (much shorter) backoff. The node here is a minimal scripted WebSocket endpoint, since a
 * draining node is what sends go_away and a test cannot make a real one drain on cue. The
 * assertion is a lower bound only, so a slow machine cannot break it.
 */
class GoAwayIT {
    private static final int RECONNECT_AFTER_MS = 1500;

    private final List<Long> connectFrameNanos = new CopyOnWriteArrayList<>();
    private final List<Long> goAwayNanos = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private Channel listener;

    @BeforeEach
    void startDrainingNode() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketServerProtocolHandler("/ws", Encoding.PROTO.subprotocol()), new DrainingSession());
            }
        }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers connect with connected, then asks the first session to go away. */
    private final class DrainingSession extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) throws Exception {
            ClientFrame request = ClientFrame.parseFrom(frame.content().nioBuffer());
            if (!request.hasConnect()) {
                return;
            }
            connectFrameNanos.add(System.nanoTime());
            write(ctx, ServerFrame.newBuilder().setConnected(Connected.newBuilder().setSessionId("s").setHeartbeatIntervalMs(25_000))
                    .build());
            if (connectFrameNanos.size() == 1) {
                goAwayNanos.add(System.nanoTime());
                write(ctx, ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReason("draining")
                        .setReconnectAfterMs(RECONNECT_AFTER_MS)).build());
            }
        }

        private void write(ChannelHandlerContext ctx, ServerFrame frame) {
            ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
        }
    }

    @Test
    void after_go_away_the_client_reconnects_no_sooner_than_the_server_asked() throws Exception {
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        try (RollcallClient client = RollcallClient.builder().uri(URI.create("ws://127.0.0.1:" + port + "/ws")).tokens(() -> "t")
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> connectFrameNanos.size() == 2);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(connectFrameNanos.get(1) - goAwayNanos.get(0));
            assertThat(waitedMillis).isGreaterThanOrEqualTo(RECONNECT_AFTER_MS);
            assertThat(client.sessions()).isEqualTo(2);
        }
    }
}
