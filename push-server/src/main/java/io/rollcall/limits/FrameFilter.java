package io.rollcall.limits;

import io.rollcall.attendance.EventIds;
import io.rollcall.protocol.ClientFrame;

/**
 * Field rules of decoded client frames, checked before any work is done for a frame (type, size
 * and unknown fields are the decoder's job). Event ids and epochs must match
 * {@code [A-Za-z0-9_-]{1,64}} (an epoch may be empty: no position, whatever {@code since_seq}
 * says). Tokens are the verifier's to judge. Thread-safe.
 */
public final class FrameFilter {
    private FrameFilter() {}

    /** What is wrong with the frame, for the client's error message, or null when nothing is. */
    public static String problem(ClientFrame frame) {
        return switch (frame.getKindCase()) {
            case SUBSCRIBE -> {
                var subscribe = frame.getSubscribe();
                if (!EventIds.isValid(subscribe.getEventId())) {
                    yield "event_id must match [A-Za-z0-9_-]{1,64}";
                }
                yield subscribe.getEpoch().isEmpty() || EventIds.isValid(subscribe.getEpoch()) ? null
                        : "epoch must be empty or match [A-Za-z0-9_-]{1,64}";
            }
            case UNSUBSCRIBE -> EventIds.isValid(frame.getUnsubscribe().getEventId()) ? null : "event_id must match [A-Za-z0-9_-]{1,64}";
            default -> null;
        };
    }
}
