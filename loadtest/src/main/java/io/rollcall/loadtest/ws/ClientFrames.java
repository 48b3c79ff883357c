package io.rollcall.loadtest.ws;

import io.rollcall.protocol.ClientFrame;
import io.rollcall.protocol.Connect;
import io.rollcall.protocol.Subscribe;

/** Encodes the client frames a load-test client sends; encoded once, sent by every client. */
final class ClientFrames {
    private ClientFrames() {}

    static byte[] connect(String token) {
        return ClientFrame.newBuilder().setConnect(Connect.newBuilder().setToken(token)).build().toByteArray();
    }

    /** A subscribe that resumes from {@code (epoch, sinceSeq)}: the server replays what was missed, or sends a snapshot. */
    static byte[] resume(String eventId, int requestId, String epoch, long sinceSeq) {
        return ClientFrame.newBuilder().setRequestId(requestId)
                .setSubscribe(Subscribe.newBuilder().setEventId(eventId).setEpoch(epoch).setSinceSeq(sinceSeq)).build().toByteArray();
    }

    static byte[] subscribe(String eventId, int requestId) {
        return ClientFrame.newBuilder().setRequestId(requestId).setSubscribe(Subscribe.newBuilder().setEventId(eventId)).build()
                .toByteArray();
    }
}
