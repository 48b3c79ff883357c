package io.rollcall.loadtest.ws;

import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.Subscribe;

/** The client frames a load-test client sends; the {@link Subprotocol} encodes them (once, for frames every client sends). */
final class ClientFrames {
    private ClientFrames() {}

    static ClientFrame connect(String token) {
        return ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(token)).build();
    }

    /** A subscribe that resumes from {@code (epoch, sinceSeq)}: the server replays what was missed, or sends a snapshot. */
    static ClientFrame resume(String eventId, int requestId, String epoch, long sinceSeq) {
        return ClientFrame.newBuilder().setRequestId(requestId)
                .setSubscribe(Subscribe.newBuilder().setEventId(eventId).setEpoch(epoch).setSinceSeq(sinceSeq)).build();
    }

    static ClientFrame subscribe(String eventId, int requestId) {
        return ClientFrame.newBuilder().setRequestId(requestId).setSubscribe(Subscribe.newBuilder().setEventId(eventId)).build();
    }
}
