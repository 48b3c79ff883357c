package io.rollcall.loadtest.publish;

import io.rollcall.loadtest.stats.ProblemCounts;
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
import io.netty.util.concurrent.Future;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.support.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Publishes attendance updates through {@code POST /api/v1/events/{id}/attendance} on a few
 * keep-alive connections: publish {@code i} is about event {@code i mod E} (so the rate is spread
 * evenly over the events) and goes to connection {@code i mod n}. It runs on its
 * own event loop so subscriber traffic never delays it. Records, per publish, the time from the
 * intended send time to the response and the server's service time (write to response).
 * {@link #publish} is thread-safe; histograms are read after {@link #awaitResponses}.
 */
public final class HttpPublisher {
    private static final int MAX_PROBLEM_KINDS = 20;

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
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLongArray maxSeqByEvent;
    private final ProblemCounts problems = new ProblemCounts(MAX_PROBLEM_KINDS);
    /** Publisher loop only. */
    private final Histogram publishLatency = Histograms.newHistogram();
    private final Histogram serviceTime = Histograms.newHistogram();
    /** Written by the pacing thread (publish), read after it finished. */
    private final long[] intendedByIndex;
    /** Publisher loop only. */
    private final long[] seqByIndex;
    private volatile boolean closing;

    public HttpPublisher(Spec spec) {
        this.spec = spec;
        this.group = spec.transport().newGroup(1, "publisher");
        this.paths = spec.eventIds().stream().map(id -> "/api/v1/events/" + id + "/attendance").toArray(String[]::new);
        this.maxSeqByEvent = new AtomicLongArray(paths.length);
        URI base = spec.baseUrl();
        int port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = base.getHost() + ":" + port;
        this.authorization = "Bearer " + spec.token();
        this.intendedByIndex = new long[spec.capacity()];
        this.seqByIndex = new long[spec.capacity()];
        Arrays.fill(seqByIndex, -1);
    }

    /** Opens the connections; throws if any cannot be opened within {@code timeout}. */
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

    /** Schedules publish {@code index}, intended for {@code intendedNanoTime}. Thread-safe, non-blocking. */
    public void publish(long index, long intendedNanoTime) {
        if (index < 0 || index >= intendedByIndex.length) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0.." + (intendedByIndex.length - 1) + ")");
        }
        intendedByIndex[(int) index] = intendedNanoTime;
        submitted.incrementAndGet();
        PublishConnection connection = connections.get((int) (index % connections.size()));
        connection.channel().eventLoop().execute(() -> connection.submit(index, intendedNanoTime));
    }

    FullHttpRequest request(ByteBufAllocator alloc, long index, long intendedNanoTime) {
        ByteBuf body = ByteBufUtil.writeUtf8(alloc, AttendanceBodies.json(index / paths.length, intendedNanoTime, spec.guests(),
                spec.noteChars()));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, paths[(int) (index % paths.length)],
                body);
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.AUTHORIZATION, authorization)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return request;
    }

    void onResponse(FullHttpResponse response, long index, long intendedNanoTime, long writtenNanoTime, long nowNanoTime) {
        publishLatency.recordValue(Histograms.micros(nowNanoTime - intendedNanoTime));
        serviceTime.recordValue(Histograms.micros(nowNanoTime - writtenNanoTime));
        String body = response.content().toString(StandardCharsets.UTF_8);
        long seq = response.status().equals(HttpResponseStatus.OK) ? seqOf(body) : -1;
        if (seq > 0) {
            seqByIndex[(int) index] = seq;
            accepted.incrementAndGet();
            maxSeqByEvent.accumulateAndGet((int) (index % paths.length), seq, Math::max);
        } else {
            failed.incrementAndGet();
            problem("HTTP " + response.status().code() + ": " + (body.length() > 160 ? body.substring(0, 160) + "…" : body));
        }
    }

    void onFailure(String reason) {
        failed.incrementAndGet();
        problem(reason);
    }

    void problem(String reason) {
        problems.add(reason);
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

    public long submitted() {
        return submitted.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Per event index, the highest seq the server assigned to our publishes (0 if none). */
    public long[] maxSeqs() {
        long[] seqs = new long[paths.length];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = maxSeqByEvent.get(i);
        }
        return seqs;
    }

    public Map<String, Long> problems() {
        return problems.sorted();
    }

    /** Waits until every submitted publish got a response or failed; false on timeout. */
    public boolean awaitResponses(long deadlineNanoTime) {
        while (accepted.get() + failed.get() < submitted.get()) {
            if (System.nanoTime() - deadlineNanoTime >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /**
     * Per event index, which seq each submitted publish got. Call after the pacing thread finished
     * and {@link #awaitResponses} returned.
     */
    public PublishLedger[] ledgers(Duration timeout) throws InterruptedException {
        int count = (int) Math.min(submitted.get(), intendedByIndex.length);
        Future<long[]> seqs = group.next().submit(() -> Arrays.copyOf(seqByIndex, count));
        if (!seqs.await(timeout.toMillis()) || !seqs.isSuccess()) {
            throw new IllegalStateException("publisher loop did not answer within " + timeout);
        }
        return PublishLedger.perEvent(Arrays.copyOf(intendedByIndex, count), seqs.getNow(), paths.length);
    }

    /** Copies of the publish latency (intended time to response) and service time histograms. */
    public Histogram[] histograms(Duration timeout) throws InterruptedException {
        Future<Histogram[]> copies = group.next().submit(() -> new Histogram[] {publishLatency.copy(), serviceTime.copy()});
        if (!copies.await(timeout.toMillis()) || !copies.isSuccess()) {
            throw new IllegalStateException("publisher loop did not answer within " + timeout);
        }
        return copies.getNow();
    }

    /** Closes the connections and stops the publisher's event loop. */
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
