package io.rollcall.loadtest.publish;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayDeque;

/**
 * One keep-alive HTTP/1.1 connection of the publisher: one request in flight, the rest queued in
 * order (a slow server makes the queue, and so the measured latency, grow; it never slows the
 * schedule). Publisher event loop only.
 */
final class PublishConnection extends SimpleChannelInboundHandler<FullHttpResponse> {
    /** A scheduled publish: its index, intended time and, once written, when. */
    private static final class Pending {
        final long index;
        final long intendedNanoTime;
        long writtenNanoTime;

        Pending(long index, long intendedNanoTime) {
            this.index = index;
            this.intendedNanoTime = intendedNanoTime;
        }
    }

    private final HttpPublisher publisher;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Set when the pipeline is built, before the connect completes; read by the pacing thread. */
    private volatile Channel channel;
    private Pending inFlight;
    private boolean dead;

    PublishConnection(HttpPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    Channel channel() {
        return channel;
    }

    void submit(long index, long intendedNanoTime) {
        if (dead) {
            publisher.onFailure("connection closed");
            return;
        }
        queue.add(new Pending(index, intendedNanoTime));
        if (inFlight == null) {
            sendNext();
        }
    }

    int pending() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    private void sendNext() {
        Pending next = queue.poll();
        if (next == null) {
            return;
        }
        inFlight = next;
        next.writtenNanoTime = System.nanoTime();
        channel.writeAndFlush(publisher.request(channel.alloc(), next.index, next.intendedNanoTime), channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        long now = System.nanoTime();
        Pending done = inFlight;
        inFlight = null;
        if (done == null) {
            publisher.onFailure("response without a request");
        } else {
            publisher.onResponse(response, done.index, done.intendedNanoTime, done.writtenNanoTime, now);
        }
        sendNext();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dead = true;
        if (!publisher.isClosing()) {
            int lost = queue.size() + (inFlight == null ? 0 : 1);
            for (int i = 0; i < lost; i++) {
                publisher.onFailure("connection closed by the server");
            }
        }
        queue.clear();
        inFlight = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        publisher.onProblem("publish connection error: " + cause);
        ctx.close();
    }
}
