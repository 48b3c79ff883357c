package io.rollcall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollcall.protocol.AttendanceUpdate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    @Test
    void a_flat_body_parses() throws Exception {
        AttendanceUpdate update =
                JsonBodies.parse("{\"guestId\":\"g1\",\"status\":\"CHECKED_IN\",\"pax\":2}", AttendanceUpdate::newBuilder).build();
        assertThat(update.getGuestId()).isEqualTo("g1");
        assertThat(update.getPax()).isEqualTo(2);
    }

    @Test
    void an_unknown_field_is_named() {
        assertThatThrownBy(() -> JsonBodies.parse("{\"guestId\":\"g1\",\"colour\":\"red\"}", AttendanceUpdate::newBuilder))
                .isInstanceOfSatisfying(JsonBodies.BadBodyException.class, e -> assertThat(e.field).isEqualTo("colour"));
    }

    /**
     * A 10 kB body of brackets must be a 400, not a StackOverflowError. Run on a thread with a small
     * stack so the outcome does not depend on the JVM's default stack size or JIT state.
     */
    @Test
    void deep_nesting_is_refused_before_any_recursive_parser_sees_it() throws Exception {
        for (String body : new String[] {"[".repeat(10_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)}) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread parser = new Thread(null, () -> {
                try {
                    JsonBodies.parse(body, AttendanceUpdate::newBuilder);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "small-stack-parser", 256 * 1024);
            parser.start();
            assertThat(outcome.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(JsonBodies.BadBodyException.class)
                    .hasMessageContaining("nested deeper");
        }
    }
}
