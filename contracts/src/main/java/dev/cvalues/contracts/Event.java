package dev.cvalues.contracts;

/** Every event on a pipeline topic: versioned, and able to say which of its required fields are missing. */
public interface Event {

    /** Events evolve only by adding optional fields; a consumer rejects versions newer than it knows. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    /** Throws {@link InvalidEventException} naming the first missing or invalid field. */
    void validate();

    static void require(Object value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
    }
}
