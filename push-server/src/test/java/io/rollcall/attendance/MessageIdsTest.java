package io.rollcall.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String ID_PATTERN = "[0-9A-HJKMNP-TV-Z]{26}";

    private static long decodeTime(String id) {
        long time = 0;
        for (int i = 0; i < 10; i++) {
            time = (time << 5) | CROCKFORD.indexOf(id.charAt(i));
        }
        return time;
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 1_469_918_176_385L, 1_782_000_000_123L, (1L << 48) - 1})
    void an_id_is_26_crockford_characters_whose_first_ten_encode_the_milliseconds(long millis) {
        String id = MessageIds.next(millis);

        assertThat(id).matches(ID_PATTERN);
        assertThat(decodeTime(id)).isEqualTo(millis);
    }

    @Test
    void the_time_prefix_matches_the_ulid_specification_example() {
        assertThat(MessageIds.next(1_469_918_176_385L)).startsWith("01ARYZ6S41");
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "31, 32", "1023, 1024", "1782000000000, 1782000000001", "1469918176385, 1782000000000"})
    void an_id_made_a_millisecond_later_sorts_after(long earlier, long later) {
        for (int i = 0; i < 100; i++) {
            assertThat(MessageIds.next(later)).isGreaterThan(MessageIds.next(earlier));
        }
    }

    @Test
    void ids_made_in_the_same_millisecond_are_unique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(MessageIds.next(1_782_000_000_000L));
        }

        assertThat(ids).hasSize(100_000);
    }

    @Test
    void every_character_of_the_random_part_varies() {
        long millis = 1_782_000_000_000L;
        String first = MessageIds.next(millis);
        boolean[] varied = new boolean[26];
        for (int n = 0; n < 1000; n++) {
            String id = MessageIds.next(millis);
            for (int i = 0; i < 26; i++) {
                varied[i] |= id.charAt(i) != first.charAt(i);
            }
        }

        for (int i = 0; i < 26; i++) {
            assertThat(varied[i]).as("character %d varies", i).isEqualTo(i >= 10);
        }
    }

    @Test
    void ids_made_on_many_threads_at_once_are_unique() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = IntStream.range(0, 8)
                    .mapToObj(t -> pool.submit(() -> {
                        for (int i = 0; i < 10_000; i++) {
                            ids.add(MessageIds.next(1_782_000_000_000L));
                        }
                    }))
                    .toList();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ids).hasSize(80_000);
    }

    @Test
    void a_short_id_is_12_crockford_characters() {
        assertThat(MessageIds.shortId()).matches("[0-9A-HJKMNP-TV-Z]{12}");
    }

    @Test
    void short_ids_are_unique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(MessageIds.shortId());
        }

        assertThat(ids).hasSize(100_000);
    }
}
