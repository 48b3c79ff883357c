package io.rollcall.transport;

/** An inbound frame that cannot be decoded into a valid {@code ClientFrame}. */
public final class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
