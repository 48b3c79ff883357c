package io.rollcall.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.rollcall.broker.BrokerListener;
import io.rollcall.testing.RedisServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What another service sees when it calls the library from redis-cli with bad input. */
class FunctionLibraryIT {
    private static final String KEY = "lib:{expo}";
    private static RedisServer redis;
    private static RedisBroker broker;

    @BeforeAll
    static void startRedisAndLoadLibrary() throws Exception {
        redis = RedisServer.start();
        broker = RedisBroker.standalone(RedisURI.create(redis.uri()), 100, "lib:");
        broker.start(new BrokerListener() {
            @Override
            public void onUpdate(io.rollcall.protocol.Update update) {}
        }).get(10, TimeUnit.SECONDS);
        assertThat(redis.cli("FCALL", "rollcall_publish", "1", KEY, "{\"guestId\":\"ok\",\"status\":\"ATTENDING\"}")).startsWith("1");
    }

    @AfterAll
    static void stop() {
        broker.close();
        redis.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lib:{expo}    | not json                                                    | ERR rollcall: update: invalid JSON",
        "lib:{expo}    | [1,2]                                                       | ERR rollcall: 1: unknown field",
        "lib:{expo}    | {\"guestId\":\"a\",\"status\":\"PARTYING\"}                | ERR rollcall: status: missing or unknown",
        "lib:{expo}    | {\"guestId\":\"a\",\"status\":\"MAYBE\",\"pax\":-1}        | ERR rollcall: pax: expected an integer 0..100",
        "lib:{expo}    | {\"guestId\":\"a\",\"status\":\"MAYBE\",\"pax\":1.5}       | ERR rollcall: pax: expected an integer 0..100",
        "lib:{expo}    | {\"status\":\"MAYBE\"}                                      | ERR rollcall: guestId: missing",
        "lib:{expo}    | {\"guestId\":\"a\",\"status\":\"MAYBE\",\"shoe\":44}       | ERR rollcall: shoe: unknown field",
        "lib:{expo}    | {\"guestId\":7,\"status\":\"MAYBE\"}                        | ERR rollcall: guestId: expected a string",
        "lib:{expo}    | {\"guestId\":\"a\",\"status\":\"MAYBE\",\"occurredAt\":\"yesterday\"} | ERR rollcall: occurredAt: expected an RFC 3339",
        "lib:expo      | {\"guestId\":\"a\",\"status\":\"MAYBE\"}                   | ERR rollcall: key: expected <prefix>{<eventId>}",
        "lib:{bad id}  | {\"guestId\":\"a\",\"status\":\"MAYBE\"}                   | ERR rollcall: key: expected <prefix>{<eventId>}",
    })
    void bad_input_gets_an_error_reply_and_changes_nothing(String key, String update, String expected) {
        String seqBefore = redis.cli("HGET", "lib:{expo}:meta", "seq");
        String guestsBefore = redis.cli("HLEN", "lib:{expo}:guests");
        assertThat(redis.cli("FCALL", "rollcall_publish", "1", key.trim(), update.trim())).startsWith(expected);
        assertThat(redis.cli("HGET", "lib:{expo}:meta", "seq")).isEqualTo(seqBefore);
        assertThat(redis.cli("HLEN", "lib:{expo}:guests")).isEqualTo(guestsBefore);
        assertThat(redis.cli("XLEN", "lib:{expo}:history")).isEqualTo(seqBefore);
    }

    @ParameterizedTest
    @CsvSource({"guestId, 65", "guestName, 201", "note, 501", "source, 65", "table, 33"})
    void oversized_fields_are_refused_counting_characters_not_bytes(String field, int length) {
        String json = "{\"guestId\":\"g\",\"status\":\"MAYBE\",\"" + field + "\":\"" + "é".repeat(length) + "\"}";
        assertThat(redis.cli("FCALL", "rollcall_publish", "1", KEY, json)).startsWith("ERR rollcall: " + field + ": longer than");
        String fits = "{\"guestId\":\"g\",\"status\":\"MAYBE\",\"" + field + "\":\"" + "é".repeat(length - 1) + "\"}";
        assertThat(redis.cli("FCALL", "rollcall_publish", "1", KEY, fits)).doesNotStartWith("ERR");
    }
}
