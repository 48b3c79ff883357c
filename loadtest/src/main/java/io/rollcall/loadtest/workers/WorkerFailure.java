package io.rollcall.loadtest.workers;

/** A worker process failed to run (bad options, crash, no result): the whole run fails with its exit status. */
public final class WorkerFailure extends Exception {
    private final int exitCode;

    WorkerFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit status the run should end with: the worker's own, or 3 (could not be carried out). */
    public int exitCode() {
        return exitCode;
    }
}
