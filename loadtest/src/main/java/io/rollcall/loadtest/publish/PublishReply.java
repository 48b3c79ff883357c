package io.rollcall.loadtest.publish;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * One {@code FCALL rollcall_publish} in flight: reads only the reply's seq (its first element) and
 * skips the epoch, message id and envelope without decoding them, then reports to the publisher.
 * One object per publish serves as Lettuce's output and as the completion callback. Lettuce calls
 * the output on its I/O thread; the callback runs there or on the pacing thread.
 */
final class PublishReply extends CommandOutput<String, String, Long> implements BiConsumer<Long, Throwable> {
    private static final int MAX_REASON_CHARS = 160;

    private final RedisPublisher publisher;
    private final long index;
    private final long intendedNanoTime;
    private final long writtenNanoTime;
    private int elements;

    PublishReply(RedisPublisher publisher, long index, long intendedNanoTime, long writtenNanoTime) {
        super(StringCodec.UTF8, -1L);
        this.publisher = publisher;
        this.index = index;
        this.intendedNanoTime = intendedNanoTime;
        this.writtenNanoTime = writtenNanoTime;
    }

    @Override
    public void set(long integer) {
        if (elements++ == 0) {
            output = integer;
        }
    }

    @Override
    public void set(ByteBuffer bytes) {
        elements++;
    }

    @Override
    public void accept(Long seq, Throwable error) {
        long now = System.nanoTime();
        if (error != null) {
            publisher.replied(index, intendedNanoTime, writtenNanoTime, now, -1, reason(error));
        } else {
            publisher.replied(index, intendedNanoTime, writtenNanoTime, now, seq, seq > 0 ? null : "FCALL reply without a seq");
        }
    }

    static String reason(Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        return message.length() > MAX_REASON_CHARS ? message.substring(0, MAX_REASON_CHARS) + "…" : message;
    }
}
