package dev.cvalues.prompts.suite;

/** A suite file that cannot be imported; the message names the file, the line and the field. */
public class SuiteFormatException extends RuntimeException {

    public SuiteFormatException(String source, long line, String field, String problem) {
        super(source + " line " + line + (field == null ? "" : ", field '" + field + "'") + ": " + problem);
    }
}
