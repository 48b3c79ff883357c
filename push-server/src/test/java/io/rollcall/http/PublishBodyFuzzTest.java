package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.attendance.InvalidUpdateException;
import io.rollcall.attendance.UpdateValidator;
import io.rollcall.protocol.AttendanceUpdate;
import java.nio.charset.StandardCharsets;

/**
 * Any HTTP publish body either becomes a valid update or is refused with a bad-body or
 * invalid-update error (a 400 naming the field): nothing else may escape the parser.
 * Regression inputs: {@code PublishBodyFuzzTestInputs/}.
 */
class PublishBodyFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void publish_bodies_parse_or_are_refused(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        try {
            AttendanceUpdate update = UpdateValidator.validate(JsonBodies.parse(json, AttendanceUpdate::newBuilder).build());
            assertThat(update.getGuestId()).isNotEmpty();
        } catch (JsonBodies.BadBodyException | InvalidUpdateException expected) {
            assertThat(expected.getMessage()).isNotNull();
        }
    }
}
