package io.rollcall.attendance;

/** An attendance update that breaks the contract; the message names the field and what was expected. */
public final class InvalidUpdateException extends RuntimeException {
    private final String field;

    public InvalidUpdateException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
