package io.rollcall.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import io.rollcall.protocol.StatusCount;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttendanceStateTest {
    private final AttendanceState state = new AttendanceState();

    private static AttendanceUpdate guest(String id, GuestStatus status, int pax) {
        return AttendanceUpdate.newBuilder().setGuestId(id).setStatus(status).setPax(pax).build();
    }

    private static StatusCount count(GuestStatus status, int guests, int pax) {
        return StatusCount.newBuilder().setStatus(status).setGuests(guests).setPax(pax).build();
    }

    @Test
    void a_new_event_has_no_guests_and_zero_counts() {
        assertThat(state.size()).isZero();
        assertThat(state.guests()).isEmpty();
        assertThat(state.counts()).isEqualTo(AttendanceCounts.getDefaultInstance());
    }

    @ParameterizedTest
    @EnumSource(value = GuestStatus.class, names = {"STATUS_UNSPECIFIED", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
    void one_guest_is_counted_under_their_status_with_their_party_size(GuestStatus status) {
        state.apply(guest("g1", status, 3));

        assertThat(state.counts().getByStatusList()).containsExactly(count(status, 1, 3));
        assertThat(state.counts().getTotalGuests()).isEqualTo(1);
        assertThat(state.counts().getTotalPax()).isEqualTo(3);
    }

    @Test
    void counts_list_only_statuses_with_guests_in_status_order_whatever_the_arrival_order() {
        state.apply(guest("g1", GuestStatus.CHECKED_IN, 2));
        state.apply(guest("g2", GuestStatus.INVITED, 1));
        state.apply(guest("g3", GuestStatus.CHECKED_IN, 4));
        state.apply(guest("g4", GuestStatus.DECLINED, 1));

        assertThat(state.counts()).isEqualTo(AttendanceCounts.newBuilder()
                .addByStatus(count(GuestStatus.INVITED, 1, 1))
                .addByStatus(count(GuestStatus.DECLINED, 1, 1))
                .addByStatus(count(GuestStatus.CHECKED_IN, 2, 6))
                .setTotalGuests(4)
                .setTotalPax(8)
                .build());
    }

    @Test
    void a_guest_who_changes_status_moves_to_the_new_status_and_leaves_the_old_one() {
        state.apply(guest("g1", GuestStatus.ATTENDING, 2));
        state.apply(guest("g2", GuestStatus.ATTENDING, 1));

        state.apply(guest("g1", GuestStatus.CHECKED_IN, 2));

        assertThat(state.counts().getByStatusList())
                .containsExactly(count(GuestStatus.ATTENDING, 1, 1), count(GuestStatus.CHECKED_IN, 1, 2));
        assertThat(state.counts().getTotalGuests()).isEqualTo(2);
        assertThat(state.counts().getTotalPax()).isEqualTo(3);
    }

    @Test
    void a_status_left_by_its_last_guest_disappears_from_the_counts() {
        state.apply(guest("g1", GuestStatus.ATTENDING, 2));
        state.apply(guest("g1", GuestStatus.CHECKED_IN, 2));
        state.apply(guest("g1", GuestStatus.CHECKED_OUT, 2));

        assertThat(state.counts().getByStatusList()).containsExactly(count(GuestStatus.CHECKED_OUT, 1, 2));
    }

    @Test
    void a_new_party_size_replaces_the_old_one() {
        state.apply(guest("g1", GuestStatus.ATTENDING, 2));

        state.apply(guest("g1", GuestStatus.ATTENDING, 5));

        assertThat(state.counts().getByStatusList()).containsExactly(count(GuestStatus.ATTENDING, 1, 5));
        assertThat(state.counts().getTotalPax()).isEqualTo(5);
        assertThat(state.size()).isEqualTo(1);
    }

    @Test
    void the_same_update_applied_twice_counts_once() {
        AttendanceUpdate update = guest("g1", GuestStatus.CHECKED_IN, 3);

        state.apply(update);
        state.apply(update);

        assertThat(state.counts().getTotalGuests()).isEqualTo(1);
        assertThat(state.counts().getTotalPax()).isEqualTo(3);
        assertThat(state.guests()).containsExactly(update);
    }

    @Test
    void guests_are_listed_in_first_seen_order_with_their_latest_record() {
        state.apply(guest("g1", GuestStatus.INVITED, 1));
        state.apply(guest("g2", GuestStatus.INVITED, 1));
        state.apply(guest("g3", GuestStatus.INVITED, 1));
        AttendanceUpdate latest = guest("g1", GuestStatus.CHECKED_IN, 2);

        state.apply(latest);

        assertThat(state.guests()).extracting(AttendanceUpdate::getGuestId).containsExactly("g1", "g2", "g3");
        assertThat(state.guests().get(0)).isEqualTo(latest);
        assertThat(state.size()).isEqualTo(3);
    }

    @Test
    void a_guest_list_taken_earlier_is_not_changed_by_later_updates() {
        state.apply(guest("g1", GuestStatus.INVITED, 1));
        List<AttendanceUpdate> before = state.guests();
        AttendanceCounts countsBefore = state.counts();

        state.apply(guest("g1", GuestStatus.DECLINED, 1));
        state.apply(guest("g2", GuestStatus.ATTENDING, 1));

        assertThat(before).containsExactly(guest("g1", GuestStatus.INVITED, 1));
        assertThat(countsBefore.getByStatusList()).containsExactly(count(GuestStatus.INVITED, 1, 1));
        assertThat(state.guests()).hasSize(2);
        assertThat(state.counts().getTotalGuests()).isEqualTo(2);
    }

    @Test
    void the_guest_list_cannot_be_modified_by_its_reader() {
        state.apply(guest("g1", GuestStatus.INVITED, 1));

        assertThatThrownBy(() -> state.guests().add(guest("g2", GuestStatus.INVITED, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(state.size()).isEqualTo(1);
    }

    @Test
    void counts_stay_consistent_with_the_guest_records_over_many_changes() {
        GuestStatus[] statuses = {GuestStatus.INVITED, GuestStatus.ATTENDING, GuestStatus.CHECKED_IN, GuestStatus.CHECKED_OUT};
        for (int i = 0; i < 1000; i++) {
            state.apply(guest("g" + (i * 7 % 50), statuses[i * 13 % statuses.length], 1 + i % 5));
        }

        int pax = state.guests().stream().mapToInt(AttendanceUpdate::getPax).sum();
        assertThat(state.counts().getTotalGuests()).isEqualTo(50).isEqualTo(state.size());
        assertThat(state.counts().getTotalPax()).isEqualTo(pax);
        for (StatusCount c : state.counts().getByStatusList()) {
            List<AttendanceUpdate> inStatus = state.guests().stream().filter(g -> g.getStatus() == c.getStatus()).toList();
            assertThat(c.getGuests()).isEqualTo(inStatus.size());
            assertThat(c.getPax()).isEqualTo(inStatus.stream().mapToInt(AttendanceUpdate::getPax).sum());
        }
    }
}
