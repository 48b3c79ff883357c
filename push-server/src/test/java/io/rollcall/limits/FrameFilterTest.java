package io.rollcall.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.Subscribe;
import io.rollcall.protocol.Unsubscribe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameFilterTest {
    private static ClientFrame subscribe(String eventId, String epoch, long sinceSeq) {
        return ClientFrame.newBuilder().setSubscribe(Subscribe.newBuilder().setEventId(eventId).setEpoch(epoch).setSinceSeq(sinceSeq))
                .build();
    }

    @Test
    void well_formed_frames_pass() {
        assertThat(FrameFilter.problem(subscribe("wedding-2026", "", 0))).isNull();
        assertThat(FrameFilter.problem(subscribe("wedding", "TXV5VW763EEP", 42))).isNull();
        assertThat(FrameFilter.problem(ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId("w")).build())).isNull();
        assertThat(FrameFilter.problem(ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken("x")).build())).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "ünïcode", "a/b"})
    void malformed_event_ids_are_refused_in_subscribe_and_unsubscribe(String eventId) {
        assertThat(FrameFilter.problem(subscribe(eventId, "", 0))).contains("event_id");
        assertThat(FrameFilter.problem(ClientFrame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setEventId(eventId)).build()))
                .contains("event_id");
    }

    @Test
    void an_overlong_event_id_or_a_malformed_epoch_is_refused() {
        assertThat(FrameFilter.problem(subscribe("x".repeat(65), "", 0))).contains("event_id");
        assertThat(FrameFilter.problem(subscribe("w", "e".repeat(65), 1))).contains("epoch");
        assertThat(FrameFilter.problem(subscribe("w", "bad epoch", 1))).contains("epoch");
    }

    @Test
    void a_position_without_an_epoch_is_no_position_rather_than_an_error() {
        assertThat(FrameFilter.problem(subscribe("w", "", 7))).isNull();
    }
}
