package io.rollcall.loadtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EventSpreadTest {
    @Test
    void namesEventsByPrefixAndIndexOrUsesTheIdAloneForOne() {
        assertThat(new EventSpread("room", 3, EventSpread.Distribution.UNIFORM, 1, 0).eventIds()).containsExactly("room-0", "room-1",
                "room-2");
        assertThat(EventSpread.single("wedding").eventIds()).containsExactly("wedding");
    }

    @Test
    void uniformGivesEveryEventTheSameNumberOfClients() {
        EventSpread spread = new EventSpread("e", 4, EventSpread.Distribution.UNIFORM, 1, 0);
        int[] counts = counts(spread, 400);
        assertThat(counts).containsOnly(100);
    }

    @Test
    void zipfGivesRankKAShareProportionalToOneOverKToTheExponent() {
        EventSpread spread = new EventSpread("e", 10, EventSpread.Distribution.ZIPF, 1.0, 42);
        int clients = 200_000;
        int[] counts = counts(spread, clients);
        double harmonic = 0;
        for (int k = 1; k <= 10; k++) {
            harmonic += 1.0 / k;
        }
        for (int k = 1; k <= 10; k++) {
            assertThat(counts[k - 1] / (double) clients).as("share of rank %d", k).isCloseTo(1.0 / k / harmonic, within(0.01));
        }
    }

    @Test
    void theSameSeedGivesTheSameAssignmentAndAnotherSeedADifferentOne() {
        EventSpread a = new EventSpread("e", 50, EventSpread.Distribution.ZIPF, 1.2, 1);
        EventSpread b = new EventSpread("e", 50, EventSpread.Distribution.ZIPF, 1.2, 1);
        EventSpread c = new EventSpread("e", 50, EventSpread.Distribution.ZIPF, 1.2, 2);
        int differences = 0;
        for (int client = 0; client < 1000; client++) {
            assertThat(a.eventOf(client)).isEqualTo(b.eventOf(client)).isBetween(0, 49);
            differences += a.eventOf(client) != c.eventOf(client) ? 1 : 0;
        }
        assertThat(differences).isPositive();
    }

    @Test
    void refusesNoEventsAndANonPositiveExponent() {
        assertThatThrownBy(() -> new EventSpread("e", 0, EventSpread.Distribution.UNIFORM, 1, 0)).hasMessageContaining("events: 0");
        assertThatThrownBy(() -> new EventSpread("e", 5, EventSpread.Distribution.ZIPF, 0, 0)).hasMessageContaining("exponent: 0.0");
    }

    private static int[] counts(EventSpread spread, int clients) {
        int[] counts = new int[spread.count()];
        for (int client = 0; client < clients; client++) {
            counts[spread.eventOf(client)]++;
        }
        return counts;
    }
}
