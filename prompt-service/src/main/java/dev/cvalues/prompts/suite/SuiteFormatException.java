package dev.cvalues.prompts.suite;

/** A suite file that cannot be imported; the message names the file, the line and the field. */
public class SuiteFormatException extends RuntimeException {

    private final String field;

    /** @param line 1-based; 0 when the problem is not on one line */
    public SuiteFormatException(String source, long line, String field, String problem) {
        super(source + (line > 0 ? " line " + line : "") + (field == null ? "" : ", field '" + field + "'") + ": "
                + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
