package io.rollcall.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.hub.EncodedUpdate;
import io.rollcall.hub.Hub;
import io.rollcall.hub.TopicMember;
import io.rollcall.hub.UpdateBatch;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;
import io.rollcall.transport.PipelineNames;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One live update fanned out by the real {@link Hub} to {@code subscribers} channels on one event
 * loop (DESIGN §6): encode once, one task for the loop, a retained duplicate written per channel,
 * one flush per channel. An op ends when every channel's transport has taken its frame, so the
 * score is the whole fan-out; divide by {@code subscribers} for time per delivery, and
 * {@code gc.alloc.rate.norm} (counted over all threads, the event loop's included) by
 * {@code subscribers} for bytes per delivery.
 *
 * <p>Why {@link DiscardChannel}: a socket pair per subscriber would need 20,000 file descriptors
 * for 10,000 subscribers (over this machine's limit) and measure the kernel more than the server;
 * {@code LocalChannel} pairs add a queue node per message and the peer's read on the same thread,
 * which production does not pay; {@code EmbeddedChannel}s each bring their own event loop, so the
 * hub would make 10,000 loop groups and tasks instead of one. {@link DiscardChannel} runs the real
 * pipeline and outbound buffer on a real event loop and drops the bytes where a socket would send
 * them, so the figures are the server's own CPU and allocation, without the write system call.
 */
@State(Scope.Benchmark)
public class FanoutBenchmark extends BenchmarkBase {

    @Param({"1", "100", "10000"})
    int subscribers;

    /**
     * Updates published back to back per op. With more than one, those that reach the loop before
     * it drains are delivered as one batch (one write and one flush per subscriber), which is what
     * happens to a busy server; the score is then for {@code burst} updates.
     */
    @Param({"1", "10"})
    int burst;

    /** {@code adaptive} is Netty 4.2's {@code ByteBufAllocator.DEFAULT}, which the server uses. */
    @Param({"adaptive"})
    String allocator;

    /** Every seq of a run then has a 4-byte varint, so every frame has the same size. */
    private static final long FIRST_SEQ = 1L << 21;

    private EventLoopGroup group;
    private MemoryBroker broker;
    private Hub hub;
    private DiscardChannel.Sink sink;
    private ChannelMember[] members;
    private Update template;
    private long seq;
    private int frameBytes;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ByteBufAllocator alloc = allocator(allocator);
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoop loop = group.next();
        ServerMetrics metrics = new ServerMetrics();
        broker = new MemoryBroker(16, Clock.systemUTC());
        hub = new Hub(broker, alloc, metrics, loop, Duration.ofSeconds(1));
        template = Fixtures.update(Payload.SMALL, FIRST_SEQ);
        seq = template.getSeq();
        ByteBuf frame = Encoding.PROTO.encode(alloc, ServerFrame.newBuilder().setUpdate(template).build());
        frameBytes = frame.readableBytes();
        frame.release();
        expected = 0;
        sink = new DiscardChannel.Sink(frameBytes);
        WebSocketServerProtocolConfig webSocketConfig = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws").build();

        members = new ChannelMember[subscribers];
        for (int i = 0; i < subscribers; i++) {
            DiscardChannel channel = new DiscardChannel(sink);
            // The handlers a live session's frames pass on their way out (see PipelineNames); the
            // inbound-only ones are skipped by Netty for writes and so are left out.
            channel.pipeline()
                    .addLast("wsencoder", new WebSocket13FrameEncoder(false))
                    .addLast(PipelineNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(webSocketConfig));
            loop.register(channel).sync();
            members[i] = new ChannelMember(channel, metrics);
        }
        // Hub.join runs on the member's event loop.
        loop.submit(() -> {
            for (ChannelMember member : members) {
                hub.join(Fixtures.EVENT_ID, member);
            }
        }).sync();
    }

    @Benchmark
    public long fanOut() {
        long target = expected + (long) subscribers * burst;
        expected = target;
        // The hub drops repeated seqs, so each update is the next one, as a broker would bring it: a
        // fresh envelope (~140 B, counted in B/op) sharing the attendance and counts of the template.
        for (int i = 0; i < burst; i++) {
            hub.onUpdate(template.toBuilder().setSeq(++seq).build());
        }
        sink.awaitDelivered(target);
        return target;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        long delivered = sink.delivered();
        if (delivered != expected || sink.bytes() != delivered * frameBytes) {
            throw new IllegalStateException("delivered " + delivered + " frames, " + sink.bytes() + " bytes (expected: "
                    + expected + " frames of " + frameBytes + " bytes)");
        }
        EventLoop loop = members[0].loop();
        loop.submit(() -> {
            for (ChannelMember member : members) {
                hub.leave(Fixtures.EVENT_ID, member);
                member.channel.close();
            }
        }).sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        broker.close();
    }

    static ByteBufAllocator allocator(String name) {
        return switch (name) {
            case "adaptive" -> ByteBufAllocator.DEFAULT instanceof AdaptiveByteBufAllocator
                    ? ByteBufAllocator.DEFAULT : new AdaptiveByteBufAllocator();
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            case "unpooled" -> UnpooledByteBufAllocator.DEFAULT;
            default -> throw new IllegalArgumentException("allocator: " + name + " (expected: adaptive, pooled or unpooled)");
        };
    }

    /**
     * A live subscriber as the server has it: {@code Subscription.offer} in state LIVE (the position
     * check and update), then {@code Session.writeShared} (writability check, a retained duplicate
     * written with the void promise, the delivery counter) and {@code Subscription.flush}. Event
     * loop only.
     */
    static final class ChannelMember extends TopicMember {
        final Channel channel;
        private final ServerMetrics metrics;
        private String epoch = "";
        private long seq;
        private boolean wrote;

        ChannelMember(Channel channel, ServerMetrics metrics) {
            this.channel = channel;
            this.metrics = metrics;
        }

        @Override
        public EventLoop loop() {
            return channel.eventLoop();
        }

        @Override
        public Encoding encoding() {
            return Encoding.PROTO;
        }

        @Override
        public void offer(EncodedUpdate update) {
            Update next = update.update();
            boolean sameHistory = epoch.equals(next.getEpoch()) || (epoch.isEmpty() && seq == 0);
            if (!sameHistory || (seq != 0 && next.getSeq() != seq + 1)) {
                throw new IllegalStateException("update " + next.getEpoch() + "/" + next.getSeq() + " after " + epoch + "/" + seq);
            }
            epoch = next.getEpoch();
            seq = next.getSeq();
            ByteBuf frame = update.frame(Encoding.PROTO);
            if (!channel.isWritable()) {
                throw new IllegalStateException("channel unwritable: the transport should drain on every flush");
            }
            channel.write(frame.retainedDuplicate(), channel.voidPromise());
            metrics.delivered(1, frame.readableBytes());
            wrote = true;
        }

        /** As {@code Subscription.offer(UpdateBatch)}: a gap-free batch that follows on goes in one write. */
        @Override
        public void offer(UpdateBatch batch) {
            EncodedUpdate first = batch.first();
            if (!batch.isContiguous() || seq == 0 || first.seq() != seq + 1 || !epoch.equals(first.update().getEpoch())) {
                super.offer(batch);
                return;
            }
            seq = batch.last().seq();
            if (!channel.isWritable()) {
                throw new IllegalStateException("channel unwritable: the transport should drain on every flush");
            }
            ByteBuf frames = batch.frame(Encoding.PROTO);
            channel.write(frames.retainedDuplicate(), channel.voidPromise());
            metrics.delivered(batch.size(), frames.readableBytes());
            wrote = true;
        }

        @Override
        public void flush() {
            if (wrote) {
                wrote = false;
                channel.flush();
            }
        }

        @Override
        public void resync() {
            // Only called when the hub lost updates; every op here publishes the next seq.
            throw new IllegalStateException("resync: the benchmark never skips a seq");
        }
    }
}
