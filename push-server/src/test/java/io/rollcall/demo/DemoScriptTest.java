package io.rollcall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.attendance.UpdateValidator;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's story: valid updates, every expected guest arrives, the pace quickens, rounds repeat. */
class DemoScriptTest {
    private static final Instant NOW = Instant.parse("2026-11-30T18:00:00Z");

    @Test
    void the_guest_list_is_a_few_hundred_valid_parties_with_mixed_answers() {
        List<AttendanceUpdate> guests = DemoGuests.invite(DemoMode.PARTIES, 7);
        assertThat(guests).hasSize(DemoMode.PARTIES);
        assertThat(guests).allSatisfy(guest -> assertThat(UpdateValidator.validate(guest)).isEqualTo(guest));
        assertThat(guests.stream().map(AttendanceUpdate::getGuestId).distinct()).hasSize(DemoMode.PARTIES);
        assertThat(guests.stream().map(AttendanceUpdate::getStatus).distinct())
                .contains(GuestStatus.ATTENDING, GuestStatus.DECLINED, GuestStatus.MAYBE, GuestStatus.INVITED);
    }

    @Test
    void a_round_ends_once_everyone_who_said_yes_has_arrived_and_the_next_starts_from_the_opening_answers() {
        List<AttendanceUpdate> opening = DemoGuests.invite(60, 3);
        DemoScript script = new DemoScript(opening, 3);
        Map<String, AttendanceUpdate> state = new HashMap<>();
        opening.forEach(guest -> state.put(guest.getGuestId(), guest));
        Duration firstPause = script.pause();
        int steps = 0;
        for (AttendanceUpdate update = script.next(NOW); update != null; update = script.next(NOW)) {
            assertThat(UpdateValidator.validate(update)).isEqualTo(update);
            state.put(update.getGuestId(), update);
            assertThat(++steps).as("a round is bounded").isLessThan(10_000);
        }
        assertThat(state.values()).noneMatch(guest -> guest.getStatus() == GuestStatus.ATTENDING
                || guest.getStatus() == GuestStatus.INVITED || guest.getStatus() == GuestStatus.MAYBE);
        assertThat(state.values()).anyMatch(guest -> guest.getStatus() == GuestStatus.CHECKED_IN);
        assertThat(script.pause()).as("arrivals speed up").isLessThan(firstPause.plusMillis(1));

        List<AttendanceUpdate> reset = script.nextRound(NOW);
        reset.forEach(update -> state.put(update.getGuestId(), update));
        for (AttendanceUpdate guest : opening) {
            assertThat(state.get(guest.getGuestId()).getStatus()).isEqualTo(guest.getStatus());
        }
        assertThat(script.next(NOW)).as("the next round plays").isNotNull();
    }
}
