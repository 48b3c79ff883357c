package io.rollcall.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateValidatorTest {

    private static AttendanceUpdate.Builder valid() {
        return AttendanceUpdate.newBuilder()
                .setGuestId("guest-17")
                .setGuestName("Ada Lovelace")
                .setStatus(GuestStatus.CHECKED_IN)
                .setPax(2)
                .setSource("usher-app")
                .setNote("arrived with a plus-one")
                .setTable("T4");
    }

    @Test
    void a_valid_update_is_returned_unchanged() {
        AttendanceUpdate update = valid().build();

        assertThat(UpdateValidator.validate(update)).isEqualTo(update);
    }

    @Test
    void a_pax_of_0_means_a_party_of_1() {
        AttendanceUpdate normalised = UpdateValidator.validate(valid().setPax(0).build());

        assertThat(normalised).isEqualTo(valid().setPax(1).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void a_pax_from_1_to_100_is_kept(int pax) {
        assertThat(UpdateValidator.validate(valid().setPax(pax).build()).getPax()).isEqualTo(pax);
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 1000, Integer.MAX_VALUE})
    void a_pax_over_100_is_refused(int pax) {
        assertThatThrownBy(() -> UpdateValidator.validate(valid().setPax(pax).build()))
                .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.field()).isEqualTo("pax"))
                .hasMessage("pax: " + pax + " (expected: 0..100)");
    }

    /**
     * pax is a uint32 on the wire: a publisher sending 4294967295 or 2147483648 arrives in Java as a
     * negative int, which is just as far over 100.
     */
    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void a_pax_over_2_to_the_31_on_the_wire_is_refused(int pax) {
        AttendanceUpdate update = valid().setPax(pax).build();

        assertThatThrownBy(() -> UpdateValidator.validate(update))
                .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.field()).isEqualTo("pax"));
    }

    @Test
    void a_missing_guest_id_is_refused() {
        assertThatThrownBy(() -> UpdateValidator.validate(valid().clearGuestId().build()))
                .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.field()).isEqualTo("guestId"))
                .hasMessage("guestId: missing (expected: 1..64 characters)");
    }

    static Stream<Arguments> limitedFields() {
        return Stream.of(
                field("guestId", 64, (b, v) -> b.setGuestId(v)),
                field("guestName", 200, (b, v) -> b.setGuestName(v)),
                field("source", 64, (b, v) -> b.setSource(v)),
                field("note", 500, (b, v) -> b.setNote(v)),
                field("table", 32, (b, v) -> b.setTable(v)));
    }

    private static Arguments field(String name, int max, BiFunction<AttendanceUpdate.Builder, String, AttendanceUpdate.Builder> setter) {
        return Arguments.of(name, max, setter);
    }

    @ParameterizedTest(name = "{0} up to {1}")
    @MethodSource("limitedFields")
    void a_text_field_at_its_limit_is_accepted(String name, int max,
            BiFunction<AttendanceUpdate.Builder, String, AttendanceUpdate.Builder> setter) {
        AttendanceUpdate update = setter.apply(valid(), "x".repeat(max)).build();

        assertThat(UpdateValidator.validate(update)).isEqualTo(update);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("limitedFields")
    void a_text_field_over_its_limit_is_refused_naming_the_field(String name, int max,
            BiFunction<AttendanceUpdate.Builder, String, AttendanceUpdate.Builder> setter) {
        AttendanceUpdate update = setter.apply(valid(), "x".repeat(max + 1)).build();

        assertThatThrownBy(() -> UpdateValidator.validate(update))
                .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.field()).isEqualTo(name))
                .hasMessage(name + ": " + (max + 1) + " characters (expected: at most " + max + ")");
    }

    @Test
    void optional_text_fields_may_be_empty() {
        AttendanceUpdate update = AttendanceUpdate.newBuilder().setGuestId("g").setStatus(GuestStatus.INVITED).setPax(1).build();

        assertThat(UpdateValidator.validate(update)).isEqualTo(update);
    }

    @ParameterizedTest
    @EnumSource(value = GuestStatus.class, names = {"STATUS_UNSPECIFIED", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
    void every_named_status_is_accepted(GuestStatus status) {
        assertThat(UpdateValidator.validate(valid().setStatus(status).build()).getStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 42, -1})
    void a_missing_or_unknown_status_is_refused_listing_the_statuses(int statusNumber) {
        AttendanceUpdate update = valid().setStatusValue(statusNumber).build();

        assertThatThrownBy(() -> UpdateValidator.validate(update))
                .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.field()).isEqualTo("status"))
                .hasMessage("status: missing or unknown (expected: one of INVITED, ATTENDING, MAYBE, DECLINED, CHECKED_IN, "
                        + "CHECKED_OUT, NO_SHOW)");
    }
}
