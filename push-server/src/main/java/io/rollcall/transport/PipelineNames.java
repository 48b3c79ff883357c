package io.rollcall.transport;

/**
 * Handler names of the public pipeline, in order from the socket:
 * <pre>
 * [tls →] connectDeadline → httpCodec → httpAggregator → httpRouter → wsProtocol → wsAggregator
 *                 → sessionInstaller
 * </pre>
 * The WebSocket handshake replaces {@code httpCodec} with the frame decoder and encoder and drops
 * {@code httpAggregator}; when it completes, {@code sessionInstaller} puts {@code frameGuard} in
 * the place of {@code httpRouter} (right behind the frame decoder, so it counts every frame,
 * control frames and fragments too, before any other work is done for it, and sees pongs),
 * adds {@code utf8Validator} before {@code wsProtocol} for the JSON subprotocol only, and puts
 * {@code session} in its own place; {@code connectDeadline} goes once the client has
 * authenticated. A session's pipeline is thus
 * <pre>
 * [tls →] wsdecoder → wsencoder → frameGuard [→ utf8Validator] → wsProtocol → wsAggregator → session
 * </pre>
 * Every handler costs each connection a context for its whole life, so there are few: the last
 * one ({@code sessionInstaller}, then {@code session}) hands exceptions to the shared
 * {@link ExceptionHandler} rather than keeping it in the pipeline. The admin pipeline is
 * {@code httpCodec → httpAggregator → admin → exceptions}.
 */
public final class PipelineNames {
    /** First when the node serves TLS ({@code --tls-cert}); absent in plain mode. */
    public static final String TLS = "tls";
    public static final String CONNECT_DEADLINE = "connectDeadline";
    public static final String HTTP_CODEC = "httpCodec";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String HTTP_ROUTER = "httpRouter";
    public static final String WS_PROTOCOL = "wsProtocol";
    public static final String WS_AGGREGATOR = "wsAggregator";
    public static final String SESSION_INSTALLER = "sessionInstaller";
    /** Rate limit and heartbeat of a session ({@link FrameGuard}). */
    public static final String FRAME_GUARD = "frameGuard";
    /** JSON sessions only: text frames must be valid UTF-8 (close 1007). */
    public static final String UTF8_VALIDATOR = "utf8Validator";
    public static final String SESSION = "session";
    public static final String ADMIN = "admin";
    public static final String EXCEPTIONS = "exceptions";

    private PipelineNames() {}
}
