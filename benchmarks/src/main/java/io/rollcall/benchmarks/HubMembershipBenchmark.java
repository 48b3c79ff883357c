package io.rollcall.benchmarks;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.rollcall.broker.memory.MemoryBroker;
import io.rollcall.hub.EncodedUpdate;
import io.rollcall.hub.Hub;
import io.rollcall.hub.TopicMember;
import io.rollcall.metrics.ServerMetrics;
import io.rollcall.transport.Encoding;
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
 * A subscribe and unsubscribe as the hub sees them: {@code Hub.join} then {@code Hub.leave} of one
 * member on an event that already has {@code others} local members (so the event's broker
 * subscription exists and is kept). The score is one join plus one leave.
 *
 * <p>The hub wants join and leave on the member's event loop; here the benchmark thread is the
 * only thread touching the hub, which gives the same single-threaded access without a task
 * hand-off per op (a hand-off would be most of the figure).
 */
@State(Scope.Benchmark)
public class HubMembershipBenchmark extends BenchmarkBase {
    @Param({"1", "10000"})
    int others;

    private EventLoopGroup group;
    private MemoryBroker broker;
    private Hub hub;
    private Member member;
    private Member[] existing;

    @Setup(Level.Trial)
    public void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoop loop = group.next();
        broker = new MemoryBroker(16, Clock.systemUTC());
        hub = new Hub(broker, FanoutBenchmark.allocator("adaptive"), new ServerMetrics(), loop, Duration.ofSeconds(30));
        existing = new Member[others];
        for (int i = 0; i < others; i++) {
            existing[i] = new Member(loop);
            hub.join(Fixtures.EVENT_ID, existing[i]);
        }
        member = new Member(loop);
    }

    @Benchmark
    public int joinAndLeave() {
        hub.join(Fixtures.EVENT_ID, member);
        hub.leave(Fixtures.EVENT_ID, member);
        return hub.topicCount();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (Member m : existing) {
            hub.leave(Fixtures.EVENT_ID, m);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        broker.close();
    }

    /** A member that is never published to (nothing is published in this benchmark). */
    static final class Member extends TopicMember {
        private final EventLoop loop;

        Member(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public Encoding encoding() {
            return Encoding.PROTO;
        }

        @Override
        public void offer(EncodedUpdate update) {
            throw new IllegalStateException("nothing is published in this benchmark");
        }

        @Override
        public void flush() {}

        @Override
        public void resync() {}
    }
}
