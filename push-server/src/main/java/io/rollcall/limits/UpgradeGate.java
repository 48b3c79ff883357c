package io.rollcall.limits;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import io.rollcall.config.ServerConfig;
import java.net.InetAddress;

/**
 * Decides, before the upgrade, whether a WebSocket handshake may proceed: a refused Origin gets
 * 403; an overloaded node, a node at its connection limit and an address at its limit get 503
 * with Retry-After. An admitted connection holds its slots until it closes. Cheap checks come
 * first so a shed connection costs little. Thread-safe.
 */
public final class UpgradeGate {
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf(UpgradeGate.class, "admitted");

    private final ServerConfig.Admission admission;
    private final OverloadMonitor overload;
    private final OriginPolicy origins;
    private final ClientAddresses addresses;
    private final ConnectionCounter counter = new ConnectionCounter();

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
        channel.attr(ADMITTED).set(Boolean.TRUE);
        InetAddress counted = client;
        channel.closeFuture().addListener(closed -> {
            counter.release();
            if (counted != null) {
                counter.release(counted);
            }
        });
        return null;
    }

    /** WebSocket connections admitted and still open. */
    public int connections() {
        return counter.total();
    }

    private Refusal unavailable(String reason, String message) {
        return new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, reason, message, admission.retryAfter());
    }
}
