package io.rollcall.limits;

/** Puts an {@link OverloadMonitor} in a state for tests outside this package. */
public final class OverloadStates {
    private OverloadStates() {}

    /** Evaluates a load past every threshold ({@code true}) or a load of nothing. */
    public static void set(OverloadMonitor monitor, boolean overloaded) {
        monitor.evaluate(new OverloadMonitor.Load(0, 0, overloaded ? Long.MAX_VALUE / 2 : 0));
    }
}
