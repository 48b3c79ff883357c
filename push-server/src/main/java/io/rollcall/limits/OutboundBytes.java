package io.rollcall.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;

/** Bytes queued for writing on every channel of a group. Thread-safe (reads volatile counters). */
public final class OutboundBytes {
    private OutboundBytes() {}

    public static long total(ChannelGroup channels) {
        long total = 0;
        for (Channel channel : channels) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                total += buffer.totalPendingWriteBytes();
            }
        }
        return total;
    }
}
