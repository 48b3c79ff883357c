package io.rollcall.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rollcall.http.AdminHandler;

/** Assembles the admin pipeline: {@code httpCodec → httpAggregator → admin → exceptions}. Thread-safe. */
public final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_ADMIN_REQUEST = 8192;
    private final AdminHandler admin;
    private final ExceptionHandler exceptions;

    public AdminChannelInitializer(AdminHandler admin, ExceptionHandler exceptions) {
        this.admin = admin;
        this.exceptions = exceptions;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec())
                .addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_ADMIN_REQUEST))
                .addLast(PipelineNames.ADMIN, admin)
                .addLast(PipelineNames.EXCEPTIONS, exceptions);
    }
}
