package io.rollcall.benchmarks;

/** Update payload sizes the benchmarks are parameterised over (public for JMH's generated code). */
public enum Payload {
    /** A check-in with no note: the common case. */
    SMALL(0),
    /** The same with a 400-character note (the limit is 500). */
    LARGE(400);

    final int noteLength;

    Payload(int noteLength) {
        this.noteLength = noteLength;
    }
}
