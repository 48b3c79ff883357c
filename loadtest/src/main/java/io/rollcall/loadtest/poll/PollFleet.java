package io.rollcall.loadtest.poll;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.concurrent.Future;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.ProblemCounts;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Clients that each keep one HTTP/1.1 connection and GET an event's snapshot every interval, as
 * a browser polling for freshness would. Counts the bytes they receive on the wire and times each
 * poll from its intended time to the full response. Thread-safe.
 */
public final class PollFleet {
    private static final int MAX_PROBLEM_KINDS = 20;
    private static final int MAX_SNAPSHOT_BYTES = 64 << 20;

    /** Where and how to poll; immutable. */
    public record Spec(URI base, String eventId, String token, Duration interval, int threads, Transport transport,
            Duration connectTimeout) {}

    private final Spec spec;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String path;
    private final String hostHeader;
    private final Recorder latency = new Recorder(Histograms.MAX_MICROS, Histograms.DIGITS);
    private final Histogram total = Histograms.newHistogram();
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final LongAdder polls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final ProblemCounts problems = new ProblemCounts(MAX_PROBLEM_KINDS);
    private final ChannelHandler byteCounter = new ByteCounter();
    private final List<PollHandler> handlers = new ArrayList<>();
    private volatile boolean measuring;

    public PollFleet(Spec spec) {
        this.spec = spec;
        this.group = spec.transport().newGroup(spec.threads(), "poll-client");
        URI base = spec.base();
        int port = base.getPort() > 0 ? base.getPort() : 80;
        this.path = "/api/v1/events/" + spec.eventId() + "/snapshot";
        this.hostHeader = base.getHost() + ":" + port;
        this.bootstrap = new Bootstrap().group(group).channel(spec.transport().channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) spec.connectTimeout().toMillis())
                .remoteAddress(base.getHost(), port);
    }

    /** Opens client {@code index}; its first poll is offset by its share of the interval, so polls spread evenly. */
    public void open(int index, int of) {
        attempted.incrementAndGet();
        long offsetNanos = spec.interval().toNanos() * index / Math.max(1, of);
        PollHandler handler = new PollHandler(this, offsetNanos);
        synchronized (handlers) {
            handlers.add(handler);
        }
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(byteCounter, new HttpClientCodec(), new HttpObjectAggregator(MAX_SNAPSHOT_BYTES), handler);
            }
        }).connect().addListener(f -> {
            if (f.isSuccess()) {
                connected.incrementAndGet();
            } else {
                failed.incrementAndGet();
                problems.add("TCP connect: " + f.cause().getMessage());
            }
        });
    }

    /** From now on polls count in the totals (the end of warmup). */
    public void startMeasuring() {
        measuring = true;
    }

    String path() {
        return path;
    }

    String hostHeader() {
        return hostHeader;
    }

    String authorization() {
        return "Bearer " + spec.token();
    }

    long intervalNanos() {
        return spec.interval().toNanos();
    }

    void onPoll(long latencyNanos) {
        latency.recordValue(Histograms.micros(latencyNanos));
        polls.increment();
    }

    void onError(String reason) {
        errors.increment();
        problems.add(reason);
    }

    void onSkipped() {
        skipped.increment();
    }

    boolean measuring() {
        return measuring;
    }

    public int attempted() {
        return attempted.get();
    }

    public int connected() {
        return connected.get();
    }

    public int connectFailed() {
        return failed.get();
    }

    public long polls() {
        return polls.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** Polls not sent because the previous one was still in flight. */
    public long skipped() {
        return skipped.sum();
    }

    /** Bytes received on the wire by all clients (headers included). */
    public long bytes() {
        return bytes.sum();
    }

    public Map<String, Long> problems() {
        return problems.sorted();
    }

    /** Poll latencies recorded since the previous call, also added to the run's total. One caller at a time. */
    public synchronized Histogram interval() {
        Histogram interval = latency.getIntervalHistogram();
        if (measuring) {
            total.add(interval);
        }
        return interval;
    }

    /** The measured polls' latencies; call after {@link #interval()} once the run is over. */
    public synchronized Histogram total() {
        return total.copy();
    }

    /** Stops polling and closes every connection, within {@code timeout}. */
    public void close(Duration timeout) throws InterruptedException {
        synchronized (handlers) {
            handlers.forEach(PollHandler::stop);
        }
        Future<?> done = group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        done.await(timeout.toMillis() + 1000);
    }

    /** Counts the bytes every client reads before any decoding. */
    @ChannelHandler.Sharable
    private final class ByteCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && measuring) {
                bytes.add(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
