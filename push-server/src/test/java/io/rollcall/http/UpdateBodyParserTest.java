package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.util.JsonFormat;
import io.rollcall.protocol.AttendanceUpdate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path builds exactly what {@code JsonFormat} builds, and hands back everything else. */
class UpdateBodyParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"guestId\":\"g1\",\"status\":\"CHECKED_IN\",\"pax\":2}",
        "{\"guestId\":\"g17\",\"guestName\":\"Guest 17\",\"status\":\"ATTENDING\",\"pax\":2,\"source\":\"loadtest\","
                + "\"occurredAt\":\"2026-11-30T02:45:04.187563371Z\"}",
        " {\n\t\"guestId\" : \"ann\" ,\r\n \"status\":\"MAYBE\", \"note\":\"Ünïcödé 😀 <&>\", \"table\":\"7\" } ",
        "{\"guestId\":\"a\",\"status\":\"STATUS_UNSPECIFIED\",\"pax\":0}",
        "{\"guestId\":\"a\",\"status\":\"NO_SHOW\",\"pax\":999999999}",
        "{\"guestId\":\"\",\"guestName\":\"\"}",
        "{}",
        "{\"occurredAt\":\"0001-01-01T00:00:00Z\"}",
        "{\"occurredAt\":\"9999-12-31T23:59:59.999999999Z\"}",
        "{\"occurredAt\":\"2024-02-29T12:00:00.5Z\"}",
        "{\"occurredAt\":\"1969-12-31T23:59:59.000001Z\"}",
    })
    void canonical_bodies_take_the_fast_path_and_match_JsonFormat(String body) throws Exception {
        AttendanceUpdate fast = UpdateBodyParser.parse(body);
        assertThat(fast).as("handled by the fast path").isNotNull();
        assertThat(fast).isEqualTo(viaJsonFormat(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"guestId\":\"a\\\"b\",\"status\":\"ATTENDING\"}",
        "{\"guest_id\":\"a\",\"status\":\"ATTENDING\"}",
        "{\"guestId\":\"a\",\"status\":2}",
        "{\"guestId\":\"a\",\"status\":\"attending\"}",
        "{\"guestId\":\"a\",\"status\":\"UNRECOGNIZED\"}",
        "{\"guestId\":\"a\",\"pax\":\"2\"}",
        "{\"guestId\":\"a\",\"pax\":2.0}",
        "{\"guestId\":\"a\",\"pax\":2e0}",
        "{\"guestId\":\"a\",\"pax\":-1}",
        "{\"guestId\":\"a\",\"pax\":007}",
        "{\"guestId\":\"a\",\"pax\":4294967296}",
        "{\"guestId\":null}",
        "{\"guestId\":5}",
        "{\"guestId\":\"a\",\"guestId\":\"b\"}",
        "{\"guestId\":\"a\",\"shoeSize\":44}",
        "{\"guestId\":\"a\"} trailing",
        "{\"guestId\":\"a\",}",
        "{\"guestId\":\"a\" \"status\":\"MAYBE\"}",
        "{'guestId':'a'}",
        "{guestId:\"a\"}",
        "[{\"guestId\":\"a\"}]",
        "{\"guestId\":{\"a\":1}}",
        "{\"guestId\":\"tab\there\"}",
        "{\"guestId\":\"a\"",
        "",
        "\uFEFF{\"guestId\":\"a\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:00+01:00\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:00z\"}",
        "{\"occurredAt\":\"2026-11-22t10:00:00Z\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:60Z\"}",
        "{\"occurredAt\":\"2026-02-29T10:00:00Z\"}",
        "{\"occurredAt\":\"2026-13-01T10:00:00Z\"}",
        "{\"occurredAt\":\"0000-01-01T00:00:00Z\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:00.Z\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:00.1234567890Z\"}",
        "{\"occurredAt\":\"2026-11-22T10:00:00,5Z\"}",
        "{\"occurredAt\":\"2026-11-22 10:00:00Z\"}",
        "{\"occurredAt\":\"+2026-11-22T10:00:00Z\"}",
    })
    void other_bodies_are_left_to_JsonFormat(String body) {
        assertThat(UpdateBodyParser.parse(body)).isNull();
    }

    /** Whatever the fast path accepts, JsonFormat accepts too, with an equal update. */
    @FuzzTest(maxDuration = "1m")
    void the_fast_path_agrees_with_JsonFormat(byte[] body) throws Exception {
        String json = new String(body, StandardCharsets.UTF_8);
        AttendanceUpdate fast = UpdateBodyParser.parse(json);
        if (fast != null) {
            assertThat(fast).isEqualTo(viaJsonFormat(json));
        }
    }

    private static AttendanceUpdate viaJsonFormat(String json) throws Exception {
        AttendanceUpdate.Builder builder = AttendanceUpdate.newBuilder();
        JsonFormat.parser().merge(json, builder);
        return builder.build();
    }
}
