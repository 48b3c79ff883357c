package io.rollcall.loadtest.support;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/** The client socket transport: native epoll where it loads, NIO otherwise. Immutable. */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> channelClass) {

    public enum Kind { AUTO, EPOLL, NIO }

    /** The transport for {@code kind}; AUTO and an unavailable EPOLL fall back to NIO. */
    public static Transport select(Kind kind) {
        if (kind != Kind.NIO && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        if (kind == Kind.EPOLL) {
            System.err.println("epoll is not available here (" + Epoll.unavailabilityCause() + "); using nio");
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /** A group of {@code threads} event loops with daemon threads named {@code name-N}. */
    public EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory);
    }

    /**
     * A new, unregistered client channel of {@code remote}'s address family: an IPv4 socket for an
     * IPv4 server (the default dual-stack IPv6 socket costs an extra option and the IPv6 connect
     * path on every connection).
     */
    public SocketChannel newChannel(InetAddress remote) {
        SocketProtocolFamily family = remote instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        return channelClass == EpollSocketChannel.class ? new EpollSocketChannel(family)
                : new NioSocketChannel(SelectorProvider.provider(), family);
    }
}
