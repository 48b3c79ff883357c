package io.rollcall.transport;

/**
 * Handler names of the public pipeline, in order from the socket:
 * <pre>
 * [tls →] connectDeadline → httpCodec → httpAggregator → inboundRate → httpRouter → wsProtocol
 *                 → wsAggregator → sessionInstaller → exceptions
 * </pre>
 * {@code inboundRate} sits right behind the frame decoder after the upgrade, so it counts every
 * frame (control frames and fragments too) before any other work is done for it.
 * The WebSocket handshake replaces {@code httpCodec} with the frame decoder and encoder and drops
 * {@code httpAggregator}; when it completes, {@code sessionInstaller} removes itself and
 * {@code httpRouter}, adds {@code heartbeat} before {@code wsProtocol} (so it sees pongs) and
 * {@code session} in its own place. The admin pipeline is
 * {@code httpCodec → httpAggregator → admin → exceptions}.
 */
public final class PipelineNames {
    /** First when the node serves TLS ({@code --tls-cert}); absent in plain mode. */
    public static final String TLS = "tls";
    public static final String CONNECT_DEADLINE = "connectDeadline";
    public static final String HTTP_CODEC = "httpCodec";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String INBOUND_RATE = "inboundRate";
    public static final String HTTP_ROUTER = "httpRouter";
    public static final String WS_PROTOCOL = "wsProtocol";
    public static final String WS_AGGREGATOR = "wsAggregator";
    public static final String SESSION_INSTALLER = "sessionInstaller";
    public static final String HEARTBEAT = "heartbeat";
    public static final String SESSION = "session";
    public static final String ADMIN = "admin";
    public static final String EXCEPTIONS = "exceptions";

    private PipelineNames() {}
}
