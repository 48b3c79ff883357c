package io.rollcall.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.local.LocalIoHandle;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connected channel whose transport drops what is flushed, so a benchmark measures everything a
 * real socket channel does for a write (pipeline traversal, {@link ChannelOutboundBuffer} entries,
 * water marks, flush, releasing the buffer once written) except the system call. Registers on an
 * event loop built with {@code LocalIoHandler}, so it runs on a real single-thread event loop with
 * its task queue and wake-ups. Event loop only, except {@link Sink#delivered()}.
 */
final class DiscardChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final Sink sink;
    private volatile boolean open = true;
    private IoRegistration registration;

    DiscardChannel(Sink sink) {
        super(null);
        this.sink = sink;
    }

    /**
     * Counts the frames and bytes written by every channel sharing it. All frames of a run have the
     * same size, so frames = bytes / frame size, however many a buffer holds (the hub writes a burst
     * of updates as one buffer). Written only by the event loop thread; read by the benchmark
     * thread to wait for a fan-out to finish.
     */
    static final class Sink {
        private static final int SPINS_BEFORE_YIELD = 1_000;

        private final AtomicLong delivered = new AtomicLong();
        private final int frameBytes;
        private long bytes;

        Sink(int frameBytes) {
            this.frameBytes = frameBytes;
        }

        long delivered() {
            return delivered.get();
        }

        /** Bytes written so far; read it only after the loop has gone quiet (a happens-before via {@link #delivered()}). */
        long bytes() {
            return bytes;
        }

        /**
         * Spins until {@code target} frames were written: a park/unpark hand-off would add a
         * wake-up to every op. After a short spin it yields, so that on an oversubscribed machine
         * the waiting thread does not take the CPU from the event loop it waits for.
         */
        void awaitDelivered(long target) {
            for (int spins = 0; delivered.get() < target; spins++) {
                if (spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        private void add(long byteCount) {
            bytes += byteCount;
            long frames = byteCount / frameBytes;
            // Single writer: an ordered store is enough and cheaper than an atomic add.
            delivered.lazySet(delivered.get() + frames);
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        if (!open) {
            throw new ClosedChannelException();
        }
        long byteCount = 0;
        for (;;) {
            Object msg = in.current();
            if (msg == null) {
                break;
            }
            byteCount += ((ByteBuf) msg).readableBytes();
            // Releases the buffer, completes the promise and recycles the entry, as a socket write does.
            in.remove();
        }
        sink.add(byteCount);
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new DiscardUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop io && io.isCompatible(DiscardUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((DiscardUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                promise.setSuccess();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    @Override
    protected void doDeregister() {
        IoRegistration current = registration;
        if (current != null) {
            registration = null;
            current.cancel();
        }
    }

    @Override
    protected SocketAddress localAddress0() {
        return null;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("bind");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // Nothing is ever read.
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && registration != null;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    private final class DiscardUnsafe extends AbstractUnsafe implements LocalIoHandle {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("connect"));
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            // No I/O events: the local I/O handler never produces any.
        }

        @Override
        public void close() {
            close(voidPromise());
        }

        @Override
        public void closeNow() {
            close(voidPromise());
        }
    }
}
