package io.rollcall.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy for failure drills: forwards to a target port that can change, and can turn
 * its current connections into black holes (bytes are swallowed, sockets stay open), as a dead
 * network path or a frozen peer would. New connections always flow. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Later connections go to this port; current ones stay where they are. */
    void retarget(int port) {
        targetPort = port;
    }

    /** Current connections swallow every byte from now on, in both directions, without closing. */
    void blackholeCurrentConnections() {
        links.forEach(link -> link.blackholed = true);
    }

    /** Closes current connections (both sides see a reset or EOF). */
    void dropCurrentConnections() {
        links.forEach(Link::close);
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropCurrentConnections();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection drop and retries
            }
        }
    }

    /** One proxied connection: a pump per direction. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean blackholed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream());
            pump(upstream.getInputStream(), client.getOutputStream());
        }

        private void pump(InputStream in, OutputStream out) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (!blackholed) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    close();
                }
            }, "tcp-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
