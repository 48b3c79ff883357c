package io.rollcall.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.session.ErrorCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorKindsTest {

    @ParameterizedTest
    @CsvSource({
        "MALFORMED_FRAME, protocol", "MESSAGE_TOO_BIG, protocol", "INVALID_ARGUMENT, protocol",
        "UNAUTHORIZED, auth", "FORBIDDEN, auth", "TOKEN_EXPIRED, auth",
        "RATE_LIMITED, rate_limit", "SLOW_CONSUMER, slow_consumer",
        "CONNECT_TIMEOUT, timeout", "HEARTBEAT_TIMEOUT, timeout",
        "INTERNAL_ERROR, internal", "UNAVAILABLE, internal",
    })
    void each_error_code_falls_into_one_kind_of_the_error_ratio(ErrorCode code, String kind) {
        assertThat(ErrorKinds.of(code)).isEqualTo(kind);
    }

    @Test
    void going_away_is_a_normal_close_and_not_an_error() {
        assertThat(ErrorKinds.of(ErrorCode.GOING_AWAY)).isNull();
        assertThat(Arrays.stream(ErrorCode.values()).filter(code -> code != ErrorCode.GOING_AWAY).map(ErrorKinds::of))
                .doesNotContainNull().allMatch(kind -> kind.matches("protocol|auth|rate_limit|slow_consumer|timeout|internal"));
    }
}
