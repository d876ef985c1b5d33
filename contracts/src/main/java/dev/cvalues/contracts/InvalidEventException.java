package dev.cvalues.contracts;

/** An event that cannot be used: malformed JSON, a missing field, an unknown schema version. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
