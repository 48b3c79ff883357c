package io.rollcall.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonNestingTest {

    @Test
    void flat_documents_pass() {
        assertThat(JsonNesting.within("{\"guestId\":\"g1\",\"pax\":2}", 1)).isTrue();
        assertThat(JsonNesting.within("{\"subscribe\":{\"eventId\":\"e\",\"resume\":{\"seq\":\"4\"}}}", 3)).isTrue();
    }

    @Test
    void one_level_too_deep_is_refused() {
        assertThat(JsonNesting.within("{\"a\":[{}]}", 2)).isFalse();
        assertThat(JsonNesting.within("[".repeat(10_000), JsonNesting.MAX_DEPTH)).isFalse();
    }

    @Test
    void brackets_inside_strings_do_not_count() {
        assertThat(JsonNesting.within("{\"note\":\"[[[[{{{{\"}", 1)).isTrue();
        assertThat(JsonNesting.within("{\"note\":\"quote \\\" then [[[[\"}", 1)).isTrue();
    }

    @Test
    void sibling_containers_do_not_add_up() {
        assertThat(JsonNesting.within("[[],[],[],[],[]]", 2)).isTrue();
    }
}
