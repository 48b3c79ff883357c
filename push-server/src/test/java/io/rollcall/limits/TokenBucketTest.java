package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void a_full_bucket_allows_the_burst_and_then_refuses() {
        TokenBucket bucket = new TokenBucket(5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(0, 10)).isTrue();
        }
        assertThat(bucket.tryTake(0, 10)).isFalse();
    }

    @Test
    void tokens_come_back_at_the_rate_and_never_beyond_the_burst() {
        TokenBucket bucket = new TokenBucket(5, 0);
        for (int i = 0; i < 5; i++) {
            bucket.tryTake(0, 10);
        }
        assertThat(bucket.tryTake(SECOND / 10, 10)).isTrue();
        assertThat(bucket.tryTake(SECOND / 10, 10)).isFalse();
        long later = 100 * SECOND;
        int taken = 0;
        while (bucket.tryTake(later, 10)) {
            taken++;
        }
        assertThat(taken).isEqualTo(5);
    }

    @Test
    void a_lower_rate_refills_more_slowly() {
        TokenBucket bucket = new TokenBucket(1, 0);
        bucket.tryTake(0, 10);
        assertThat(bucket.tryTake(SECOND / 10, 2)).isFalse();
        assertThat(bucket.tryTake(SECOND / 2, 2)).isTrue();
    }
}
