package io.rollcall.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import io.rollcall.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides, before the upgrade, whether a WebSocket handshake may proceed: a refused Origin gets
 * 403; an overloaded node, a node at its connection limit and an address at its limit get 503
 * with Retry-After. An admitted connection holds its slots until it closes. Cheap checks come
 * first so a shed connection costs little. Thread-safe.
 */
public final class UpgradeGate {
    /** Set once admitted: the address counted against its limit, or {@link #UNCOUNTED}. */
    private static final AttributeKey<InetAddress> ADMITTED = AttributeKey.valueOf(UpgradeGate.class, "admitted");
    /** A marker compared by identity (a fresh instance no client address can be). */
    private static final InetAddress UNCOUNTED = marker();

    private final ServerConfig.Admission admission;
    private final OverloadMonitor overload;
    private final OriginPolicy origins;
    private final ClientAddresses addresses;
    private final ConnectionCounter counter = new ConnectionCounter();
    /** One listener for all connections (it finds what to free in the channel), not one closure each. */
    private final ChannelFutureListener release = closed -> {
        counter.release();
        InetAddress counted = closed.channel().attr(ADMITTED).get();
        if (counted != UNCOUNTED) {
            counter.release(counted);
        }
    };

    public UpgradeGate(ServerConfig.Admission admission, OverloadMonitor overload) {
        this.admission = admission;
        this.overload = overload;
        this.origins = new OriginPolicy(admission.allowedOrigins());
        this.addresses = new ClientAddresses(admission.trustedProxies());
    }

    /** Admits the connection (its slots freed when it closes) and returns null, or returns why not. */
    public Refusal admit(Channel channel, HttpHeaders headers) {
        if (channel.hasAttr(ADMITTED)) {
            return null;
        }
        if (!origins.allows(headers.get(HttpHeaderNames.ORIGIN))) {
            return new Refusal(HttpResponseStatus.FORBIDDEN, "origin_refused", "this Origin may not open WebSockets on this server", null);
        }
        if (overload.isOverloaded()) {
            return unavailable("overloaded", "the server is overloaded; retry later or elsewhere");
        }
        if (!counter.tryAcquire(admission.maxConnections())) {
            return unavailable("node_full", "the server holds its maximum of connections; retry later or elsewhere");
        }
        InetAddress client = null;
        if (admission.maxConnectionsPerIp() > 0) {
            client = addresses.clientOf(channel.remoteAddress(), headers);
            if (!counter.tryAcquire(client, admission.maxConnectionsPerIp())) {
                counter.release();
                return unavailable("address_full", "too many connections from your address");
            }
        }
        channel.attr(ADMITTED).set(client != null ? client : UNCOUNTED);
        channel.closeFuture().addListener(release);
        return null;
    }

    private static InetAddress marker() {
        try {
            return InetAddress.getByAddress("uncounted", new byte[4]);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** WebSocket connections admitted and still open. */
    public int connections() {
        return counter.total();
    }

    private Refusal unavailable(String reason, String message) {
        return new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, reason, message, admission.retryAfter());
    }
}
