package io.rollcall.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Update;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;

/**
 * A real WebSocket client for tests (Netty): speaks either subprotocol, queues every server frame,
 * records the close code, and can send raw frames. With {@code countUpdatesOnly}, update frames
 * are checked for order and counted instead of queued, so thousands of clients stay cheap.
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    public final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public final AtomicLong updates = new AtomicLong();
    public final AtomicLong orderViolations = new AtomicLong();
    private final boolean json;
    private final boolean countUpdatesOnly;
    private volatile long lastSeq;
    private volatile long digest = 17;
    private Channel channel;

    private WsTestClient(boolean json, boolean countUpdatesOnly) {
        this.json = json;
        this.countUpdatesOnly = countUpdatesOnly;
    }

    public static WsTestClient connect(URI uri, String subprotocol) throws Exception {
        return open(uri, subprotocol, false).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens the WebSocket; completes when the handshake is done. */
    public static CompletableFuture<WsTestClient> open(URI uri, String subprotocol, boolean countUpdatesOnly) {
        return open(uri, subprotocol, countUpdatesOnly, null);
    }

    /** Opens a {@code wss://} WebSocket with {@code tls} (a client context); fails if the TLS or WebSocket handshake does. */
    public static WsTestClient connect(URI uri, String subprotocol, SslContext tls) throws Exception {
        return open(uri, subprotocol, false, tls).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CompletableFuture<WsTestClient> open(URI uri, String subprotocol, boolean countUpdatesOnly, SslContext tls) {
        WsTestClient client = new WsTestClient(subprotocol.endsWith("json"), countUpdatesOnly);
        CompletableFuture<WsTestClient> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol(subprotocol).version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders()).maxFramePayloadLength(16 << 20)
                .handleCloseFrames(false).dropPongFrames(true).build();
        new Bootstrap().group(GROUP).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), uri.getHost(), uri.getPort()));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(16 << 20), client.new Reader(opened));
            }
        }).connect(uri.getHost(), uri.getPort()).addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    private final class Reader extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final CompletableFuture<WsTestClient> opened;

        Reader(CompletableFuture<WsTestClient> opened) {
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                opened.complete(WsTestClient.this);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
            if (frame instanceof CloseWebSocketFrame close) {
                closeCode.complete(close.statusCode());
                ctx.close();
                return;
            }
            ServerFrame decoded = decode(frame);
            if (countUpdatesOnly && decoded.hasUpdate()) {
                Update update = decoded.getUpdate();
                if (update.getSeq() != lastSeq + 1) {
                    orderViolations.incrementAndGet();
                }
                lastSeq = update.getSeq();
                digest = 31 * digest + update.getMessageId().hashCode() + update.getSeq();
                updates.incrementAndGet();
                return;
            }
            frames.add(decoded);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeCode.complete(1006);
            opened.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }

    private ServerFrame decode(WebSocketFrame frame) throws InvalidProtocolBufferException {
        if (frame instanceof TextWebSocketFrame text) {
            if (!json) {
                throw new AssertionError("text frame on the proto subprotocol");
            }
            ServerFrame.Builder builder = ServerFrame.newBuilder();
            JsonFormat.parser().merge(text.text(), builder);
            return builder.build();
        }
        if (json) {
            throw new AssertionError("binary frame on the JSON subprotocol");
        }
        return ServerFrame.parseFrom(frame.content().nioBuffer());
    }

    /** Sends a client frame in this client's encoding. */
    public void send(ClientFrame frame) throws Exception {
        if (json) {
            sendText(JsonFormat.printer().print(frame));
        } else {
            sendBinary(frame.toByteArray());
        }
    }

    public void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    public void sendBinary(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        channel.writeAndFlush(new BinaryWebSocketFrame(buf)).syncUninterruptibly();
    }

    /** Writes {@code count} binary frames of {@code bytes} and flushes once, without waiting: a flood. */
    public void flood(byte[] bytes, int count) {
        if (!channel.isActive()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
        }
        channel.flush();
    }

    public void sendConnect(String token) throws Exception {
        send(ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(token)).build());
    }

    /** Connects with the token and waits for {@code connected}. */
    public ServerFrame authenticate(String token) throws Exception {
        sendConnect(token);
        ServerFrame frame = next();
        if (!frame.hasConnected()) {
            throw new AssertionError("expected connected, got " + frame);
        }
        return frame;
    }

    public void subscribe(String eventId, String epoch, long sinceSeq) throws Exception {
        send(ClientFrame.newBuilder().setSubscribe(Subscribe.newBuilder().setEventId(eventId).setEpoch(epoch).setSinceSeq(sinceSeq))
                .build());
    }

    /** The next server frame, failing after {@link #TIMEOUT}. */
    public ServerFrame next() throws InterruptedException {
        ServerFrame frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + TIMEOUT + (closeCode.isDone() ? "; closed with " + closeCode.join() : ""));
        }
        return frame;
    }

    /** The close code the server sent (1006 if the connection dropped without one). */
    public int awaitClose() throws Exception {
        return closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reading from the socket, as a stalled phone or a frozen tab would; the server's writes back up. */
    public void stopReading() {
        channel.config().setAutoRead(false);
    }

    /** A running hash of the (seq, message id) sequence received; equal digests mean identical sequences. */
    public long digest() {
        return digest;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** The TLS session of a {@code wss://} connection (protocol, peer certificates). */
    public SSLSession tlsSession() {
        return channel.pipeline().get(SslHandler.class).engine().getSession();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public String text(ServerFrame frame) throws InvalidProtocolBufferException {
        return JsonFormat.printer().print(frame);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}
