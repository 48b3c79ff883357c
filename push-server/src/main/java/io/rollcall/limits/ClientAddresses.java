package io.rollcall.limits;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Finds the client's address for per-address limits. The peer of the TCP connection, unless that
 * peer is a trusted proxy: then the right-most {@code X-Forwarded-For} entry that is not itself a
 * trusted proxy (entries further left are whatever the client chose to send). A header that does
 * not parse as IP literals is not believed. Thread-safe.
 */
final class ClientAddresses {
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private final Set<InetAddress> trustedProxies;

    ClientAddresses(Set<InetAddress> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    InetAddress clientOf(SocketAddress remote, HttpHeaders headers) {
        InetAddress peer = ((InetSocketAddress) remote).getAddress();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> values = headers.getAll(FORWARDED_FOR);
        InetAddress client = peer;
        for (int v = values.size() - 1; v >= 0; v--) {
            String[] hops = values.get(v).split(",");
            for (int h = hops.length - 1; h >= 0; h--) {
                InetAddress hop = NetUtil.createInetAddressFromIpAddressString(hops[h].trim());
                if (hop == null) {
                    return client;
                }
                client = hop;
                if (!trustedProxies.contains(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }
}
