package dev.cvalues.prompts.suite.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.prompts.suite.SuiteFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reading JSON-lines files and their fields, with errors that name the file, the line and the field. */
public final class JsonLines {

    @FunctionalInterface
    public interface LineHandler {
        void accept(JsonNode node, long line);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Streams a JSONL file (UTF-8, optional BOM, blank lines skipped), one JSON object per line. */
    public static void read(String source, InputStream in, LineHandler handler) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                handler.accept(parse(source, line, lineNo), lineNo);
            }
        }
    }

    static JsonNode parse(String source, String line, long lineNo) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new SuiteFormatException(source, lineNo, null, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SuiteFormatException(source, lineNo, null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A required, non-blank string field (numbers are accepted and read as text). */
    public static String text(String source, JsonNode node, String name, String field, long line) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new SuiteFormatException(source, line, field, "missing");
        }
        if (!(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
            throw new SuiteFormatException(source, line, field, "must be a non-empty string");
        }
        return value.asText();
    }

    public static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static JsonNode object(String source, JsonNode node, String name, String field, long line) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw new SuiteFormatException(source, line, field, "missing or not an object");
        }
        return value;
    }

    private JsonLines() {
    }
}
