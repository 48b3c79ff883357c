package io.rollcall.benchmarks;

import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.ServerFrame;
import io.rollcall.attendance.EventIds;
import io.rollcall.transport.Encoding;
import io.rollcall.transport.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-update and per-request codec work: {@link Encoding#encode} of an update frame into
 * complete WebSocket frame bytes (done once per encoding per update, DESIGN §6) and
 * {@link Encoding#decode} of a client's subscribe frame. Encoding releases its buffer in the same
 * op, so the score includes the allocator round trip the hub pays.
 *
 * <p>The {@code ServerFrame} is built once: protobuf memoizes message sizes, so the proto figure
 * is the steady-state cost of a message whose size has been computed (the hub's first encoding of
 * a fresh update also pays the size computation, roughly a serialisation pass).
 */
public class FrameEncodingBenchmark extends BenchmarkBase {
    /**
     * protobuf's {@code JsonFormat} is a lot of code: on a busy 2-core machine the JIT needs 5–10 s
     * before its time settles (from ~250 µs to ~12 µs per encode), so the JSON benchmarks warm up
     * longer than the base's default.
     */
    static final int JSON_WARMUP_ITERATIONS = 10;

    private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().omittingInsignificantWhitespace();

    @State(Scope.Thread)
    public static class UpdateFrame {
        @Param({"SMALL", "LARGE"})
        Payload payload;

        ByteBufAllocator alloc;
        ServerFrame frame;

        @Setup(Level.Trial)
        public void setUp() {
            alloc = FanoutBenchmark.allocator("adaptive");
            frame = ServerFrame.newBuilder().setUpdate(Fixtures.update(payload, 1_205)).build();
        }
    }

    @State(Scope.Thread)
    public static class SubscribeFrame {
        WebSocketFrame binary;
        WebSocketFrame text;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ClientFrame subscribe = Fixtures.subscribe();
            // Direct, as the frame decoder hands payloads over from a socket read.
            binary = new BinaryWebSocketFrame(Unpooled.directBuffer().writeBytes(subscribe.toByteArray()));
            String json = JsonFormat.printer().print(subscribe);
            text = new TextWebSocketFrame(Unpooled.directBuffer().writeBytes(json.getBytes(StandardCharsets.UTF_8)));
            // Decoding must neither consume nor release the payload, or reusing the frames would be wrong.
            if (!Encoding.PROTO.decode(binary).equals(subscribe) || !Encoding.JSON.decode(text).equals(subscribe)
                    || binary.content().readerIndex() != 0 || text.content().readerIndex() != 0) {
                throw new IllegalStateException("subscribe frame does not round-trip");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            binary.release();
            text.release();
        }
    }

    @Benchmark
    public int encodeProto(UpdateFrame state) {
        ByteBuf buf = Encoding.PROTO.encode(state.alloc, state.frame);
        int size = buf.readableBytes();
        buf.release();
        return size;
    }

    @Benchmark
    @Warmup(iterations = JSON_WARMUP_ITERATIONS)
    public int encodeJson(UpdateFrame state) {
        ByteBuf buf = Encoding.JSON.encode(state.alloc, state.frame);
        int size = buf.readableBytes();
        buf.release();
        return size;
    }

    /**
     * What the server did before {@code UpdateJsonWriter}, kept as the reference: protobuf's
     * {@code JsonFormat} printer, the bytes copied into a frame.
     */
    @Benchmark
    @Warmup(iterations = JSON_WARMUP_ITERATIONS)
    public int encodeJsonWithJsonFormat(UpdateFrame state) throws Exception {
        byte[] json = JSON_FORMAT.print(state.frame).getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = WebSocketFrames.allocate(state.alloc, WebSocketFrames.OPCODE_TEXT, json.length).writeBytes(json);
        int size = buf.readableBytes();
        buf.release();
        return size;
    }

    /** Decoding a subscribe and the session's validation of it (frame kind, event id). */
    @Benchmark
    public boolean decodeSubscribeProto(SubscribeFrame state) {
        return EventIds.isValid(Encoding.PROTO.decode(state.binary).getSubscribe().getEventId());
    }

    @Benchmark
    @Warmup(iterations = JSON_WARMUP_ITERATIONS)
    public boolean decodeSubscribeJson(SubscribeFrame state) {
        return EventIds.isValid(Encoding.JSON.decode(state.text).getSubscribe().getEventId());
    }
}
