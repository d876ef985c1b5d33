package dev.cvalues.prompts.suite.format;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cvalues.prompts.suite.SuiteFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reading CSV files with a header row (UTF-8, optional BOM, quoted cells spanning lines), streamed row by
 * row; errors name the line a row starts on.
 */
final class CsvRows {

    @FunctionalInterface
    interface RowHandler {
        void accept(Map<String, String> row, long line);
    }

    private static final CsvMapper MAPPER = new CsvMapper();

    /** Streams the rows; {@code required} columns must be in the header. */
    static void read(String source, InputStream in, List<String> required, RowHandler handler) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = MAPPER.readerForMapOf(String.class).with(schema)
                .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).readValues(reader)) {
            CsvParser parser = (CsvParser) rows.getParser();
            boolean checked = false;
            while (true) {
                long line = parser.currentLocation().getLineNr();
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    row = rows.nextValue();
                } catch (RuntimeJsonMappingException | IOException e) {
                    throw new SuiteFormatException(source, line, null, "malformed CSV: " + e.getMessage()
                            .lines().findFirst().orElse(""));
                }
                if (!checked) {
                    for (String column : required) {
                        if (!row.containsKey(column)) {
                            throw new SuiteFormatException(source, 1, column, "missing column (header has "
                                    + row.keySet() + ")");
                        }
                    }
                    checked = true;
                }
                handler.accept(row, Math.max(line, 2));
            }
        }
    }

    /** A required, non-blank cell. */
    static String cell(String source, Map<String, String> row, String column, long line) {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            throw new SuiteFormatException(source, line, column, "missing");
        }
        return value;
    }

    private CsvRows() {
    }
}
