package io.rollcall.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bare TCP client speaking just enough HTTP/1.1 for tests that need control a real client
 * library does not give: the source address (127.0.0.x), arbitrary headers, a request left
 * unfinished, a keep-alive connection left idle.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;

    /** A response's status line and headers (names lower-cased); the body is not read. */
    public record Head(int status, Map<String, String> headers) {}

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code port} on 127.0.0.1 from {@code source} (any 127.0.0.x works on Linux). */
    public static RawHttp connect(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return new RawHttp(socket);
    }

    /** Sends a WebSocket upgrade of /ws offering the proto subprotocol, with extra header lines, and reads the response head. */
    public Head upgrade(String... extraHeaderLines) throws IOException {
        StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: rollcall.v1.proto\r\n");
        for (String line : extraHeaderLines) {
            request.append(line).append("\r\n");
        }
        send(request.append("\r\n").toString());
        return readHead();
    }

    public void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    public Head readHead() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of response head");
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Head(Integer.parseInt(lines[0].split(" ")[1]), headers);
    }

    /** Reads and discards {@code length} bytes (a response body). */
    public void skip(int length) throws IOException {
        socket.getInputStream().readNBytes(length);
    }

    /** Whether the server has closed the connection: a read sees end of stream (or a reset). */
    public boolean closedByServer() throws IOException {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
