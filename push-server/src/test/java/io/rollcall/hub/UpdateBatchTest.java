package io.rollcall.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rollcall.protocol.Update;
import io.rollcall.transport.Encoding;
import org.junit.jupiter.api.Test;

class UpdateBatchTest {
    private static final boolean[] BOTH = {true, true};

    private static EncodedUpdate update(String epoch, long seq) {
        return EncodedUpdate.of(Update.newBuilder().setEventId("gala").setEpoch(epoch).setSeq(seq).setMessageId("m" + seq).build(),
                ByteBufAllocator.DEFAULT, BOTH);
    }

    @Test
    void a_gap_free_batch_is_every_frame_back_to_back_and_leaves_the_shared_frames_untouched() {
        UpdateBatch batch = new UpdateBatch();
        EncodedUpdate first = update("E", 7);
        EncodedUpdate second = update("E", 8);
        first.retain();
        second.retain();
        batch.add(first);
        batch.add(second);
        assertThat(batch.isContiguous()).isTrue();
        for (Encoding encoding : Encoding.values()) {
            ByteBuf frames = batch.frame(encoding);
            byte[] expected = concat(ByteBufUtil.getBytes(first.frame(encoding)), ByteBufUtil.getBytes(second.frame(encoding)));
            assertThat(ByteBufUtil.getBytes(frames)).isEqualTo(expected);
            assertThat(batch.frame(encoding)).as("concatenated once per encoding").isSameAs(frames);
            assertThat(first.frame(encoding).readerIndex()).isZero();
        }
        batch.clear();
        assertThat(batch.size()).isZero();
        assertThat(first.refCnt()).as("the batch released its references").isEqualTo(1);
        assertThat(second.refCnt()).isEqualTo(1);
        first.release();
        second.release();
    }

    @Test
    void a_skipped_seq_or_a_new_epoch_makes_a_batch_go_update_by_update() {
        UpdateBatch gap = new UpdateBatch();
        gap.add(update("E", 1));
        gap.add(update("E", 3));
        assertThat(gap.isContiguous()).isFalse();
        gap.clear();
        assertThat(gap.isContiguous()).as("an emptied batch starts afresh").isTrue();

        UpdateBatch newEpoch = new UpdateBatch();
        newEpoch.add(update("E", 4));
        newEpoch.add(update("F", 5));
        assertThat(newEpoch.isContiguous()).isFalse();
        newEpoch.clear();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
