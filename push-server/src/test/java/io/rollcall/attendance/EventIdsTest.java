package io.rollcall.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {
    private static final String SIXTY_FOUR = "a".repeat(64);
    private static final String SIXTY_FIVE = "a".repeat(65);

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "_", "-", "wedding-2026_06", "ABCxyz019_-"})
    void ids_of_ascii_letters_digits_dashes_and_underscores_are_valid(String id) {
        assertThat(EventIds.isValid(id)).isTrue();
        assertThat(EventIds.PATTERN.matcher(id).matches()).as("PATTERN agrees").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "has space", "slash/es", "dot.ted", "col:on", "per%20cent", "new\nline", "tab\t", " lead", "trail ",
        "ünïcödé", "wedding💍", "\u0661\u0662", "ＡＢＣ", "*",
    })
    void ids_with_any_other_character_are_invalid(String id) {
        assertThat(EventIds.isValid(id)).isFalse();
        assertThat(EventIds.PATTERN.matcher(id).matches()).as("PATTERN agrees").isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void a_missing_id_is_invalid(String id) {
        assertThat(EventIds.isValid(id)).isFalse();
    }

    @Test
    void an_id_of_64_characters_is_valid_and_one_of_65_is_not() {
        assertThat(EventIds.isValid(SIXTY_FOUR)).isTrue();
        assertThat(EventIds.PATTERN.matcher(SIXTY_FOUR).matches()).isTrue();
        assertThat(EventIds.isValid(SIXTY_FIVE)).isFalse();
        assertThat(EventIds.PATTERN.matcher(SIXTY_FIVE).matches()).isFalse();
    }
}
