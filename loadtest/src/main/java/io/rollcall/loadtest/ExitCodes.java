package io.rollcall.loadtest;

/** Process exit statuses of every scenario. */
final class ExitCodes {
    /** Every check passed. */
    static final int PASSED = 0;
    /** The run completed but a check failed (loss, duplicates, reordering, disconnects, errors, SLO). */
    static final int FAILED = 1;
    /** The command line was invalid (picocli's default for usage errors). */
    static final int USAGE = 2;
    /** The run could not be carried out (server unreachable, unexpected error). */
    static final int ABORTED = 3;

    private ExitCodes() {}
}
