package io.rollcall.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.rollcall.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the pre-encoded server WebSocket frames a session writes, for EmbeddedChannel tests. */
public final class Frames {
    private Frames() {}

    /**
     * Parses every complete unmasked server frame in a buffer, in order, and releases it (the hub
     * writes updates that reach a loop together as one buffer).
     */
    public static List<ServerFrame> decodeAll(ByteBuf frames) {
        List<ServerFrame> decoded = new ArrayList<>();
        try {
            int index = frames.readerIndex();
            while (index < frames.writerIndex()) {
                int length = frames.getUnsignedByte(index + 1) & 0x7f;
                int header = length == 126 ? 4 : length == 127 ? 10 : 2;
                long payload = length == 126 ? frames.getUnsignedShort(index + 2) : length == 127 ? frames.getLong(index + 2) : length;
                decoded.add(decode(frames.retainedSlice(index, header + (int) payload)));
                index += header + (int) payload;
            }
        } finally {
            frames.release();
        }
        return decoded;
    }

    /** Parses one complete unmasked server frame and releases the buffer. */
    public static ServerFrame decode(ByteBuf frame) {
        try {
            int opcode = frame.getUnsignedByte(0) & 0x0f;
            int length = frame.getUnsignedByte(1) & 0x7f;
            int header = length == 126 ? 4 : length == 127 ? 10 : 2;
            ByteBuf payload = frame.slice(header, frame.readableBytes() - header);
            if (opcode == 0x2) {
                return ServerFrame.parseFrom(payload.nioBuffer());
            }
            ServerFrame.Builder builder = ServerFrame.newBuilder();
            JsonFormat.parser().merge(payload.toString(StandardCharsets.UTF_8), builder);
            return builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("undecodable server frame", e);
        } finally {
            frame.release();
        }
    }
}
