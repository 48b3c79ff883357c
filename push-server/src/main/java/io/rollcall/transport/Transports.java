package io.rollcall.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.rollcall.config.ServerConfig;

/**
 * The I/O transport in use: native epoll by default on Linux, io_uring when asked for and the
 * kernel allows it, NIO elsewhere. Immutable.
 */
public record Transports(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    public static Transports select(ServerConfig.Transport preferred) {
        return switch (preferred) {
            case IO_URING -> IoUring.isAvailable() ? ioUring() : fallback(preferred);
            case EPOLL -> Epoll.isAvailable() ? epoll() : fallback(preferred);
            case NIO -> nio();
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
        };
    }

    private static Transports fallback(ServerConfig.Transport preferred) {
        org.slf4j.LoggerFactory.getLogger(Transports.class).warn("transport {} is not available here; using nio", preferred);
        return nio();
    }

    private static Transports ioUring() {
        return new Transports("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }

    private static Transports epoll() {
        return new Transports("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transports nio() {
        return new Transports("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
