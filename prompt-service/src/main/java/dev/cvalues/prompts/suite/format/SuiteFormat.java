package dev.cvalues.prompts.suite.format;

import dev.cvalues.prompts.suite.SuiteItem;
import java.io.IOException;
import java.util.List;

/**
 * A file format suites are imported from, exactly as its publisher releases it. One class per format,
 * found by {@link #id()} (the {@code format} of an import). A format only reads and validates: it hands
 * each item, with the suite it belongs to, to a sink, and throws {@link dev.cvalues.prompts.suite.SuiteFormatException}
 * naming the file, the line and the field of the first problem. Storing is the importer's business.
 */
public interface SuiteFormat {

    /** The name an import gives, e.g. {@code cvalues-prompts}. */
    String id();

    /** One line for the list of formats. */
    String description();

    /** Files this format needs besides the main one, by form field name (e.g. {@code answers}). */
    default List<String> companions() {
        return List.of();
    }

    /** Reads the files of one import. */
    void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException;

    /**
     * What the import request says besides the files.
     *
     * @param version the version of suites whose files carry none
     * @param suiteId the suite id, for formats whose files carry none (csv); null otherwise
     */
    record ImportOptions(String version, String suiteId) {
    }

    /** Receives every item read, with the suite it goes to (a format may fill several suites) and its line. */
    @FunctionalInterface
    interface ItemSink {
        void accept(SuiteHeader suite, SuiteItem item, long line);
    }
}
