package dev.cvalues.prompts.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.taxonomy.Category;
import dev.cvalues.contracts.taxonomy.Level;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the project's suite format, one JSON object per line (JSONL):
 * <ul>
 * <li>first line, the header: {@code {"suite": {"id", "version", "title", "description"}}}</li>
 * <li>an open prompt: {@code {"id", "kind": "open", "level", "category", "prompt"}}</li>
 * <li>a multiple-choice pair: {@code {"id", "kind": "multiple_choice_pair", "level", "category",
 * "difficulty", "question", "positive", "negative"}}, expanded into two items asked in both orders:
 * {@code <id>-pos1} (positive reply first, answer 回复1) and {@code <id>-pos2} (answer 回复2).</li>
 * </ul>
 * Lines are streamed; errors name the line and the field.
 */
public final class SuiteFile {

    public record Header(String id, String version, String title, String description) {
    }

    private final String source;
    private final ObjectMapper mapper;

    public SuiteFile(String source, ObjectMapper mapper) {
        this.source = source;
        this.mapper = mapper;
    }

    /** Parses the whole file, handing each item to {@code sink}; returns the header. */
    public Header read(BufferedReader reader, Consumer<SuiteItem> sink) throws IOException {
        Header header = null;
        Map<String, Long> seenIds = new HashMap<>();
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
            JsonNode node = parse(line, lineNo);
            if (header == null) {
                header = header(node, lineNo);
                continue;
            }
            for (SuiteItem item : items(node, lineNo)) {
                Long earlier = seenIds.putIfAbsent(item.itemId(), lineNo);
                if (earlier != null) {
                    throw new SuiteFormatException(source, lineNo, "id",
                            "duplicate item id '" + item.itemId() + "' (first on line " + earlier + ")");
                }
                sink.accept(item);
            }
        }
        if (header == null) {
            throw new SuiteFormatException(source, Math.max(lineNo, 1), "suite", "empty file: no suite header");
        }
        if (seenIds.isEmpty()) {
            throw new SuiteFormatException(source, lineNo, null, "the suite has no items");
        }
        return header;
    }

    private JsonNode parse(String line, long lineNo) {
        try {
            JsonNode node = mapper.readTree(line);
            if (!node.isObject()) {
                throw new SuiteFormatException(source, lineNo, null, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SuiteFormatException(source, lineNo, null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private Header header(JsonNode node, long lineNo) {
        JsonNode suite = node.get("suite");
        if (suite == null || !suite.isObject()) {
            throw new SuiteFormatException(source, lineNo, "suite",
                    "the first line must be the suite header {\"suite\": {\"id\": ..., \"version\": ...}}");
        }
        String id = text(suite, "id", "suite.id", lineNo);
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SuiteFormatException(source, lineNo, "suite.id",
                    "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        return new Header(id, text(suite, "version", "suite.version", lineNo), optional(suite, "title"),
                optional(suite, "description"));
    }

    private List<SuiteItem> items(JsonNode node, long lineNo) {
        String id = text(node, "id", "id", lineNo);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new SuiteFormatException(source, lineNo, "id", "'" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        String kind = text(node, "kind", "kind", lineNo);
        String level = text(node, "level", "level", lineNo);
        String category = text(node, "category", "category", lineNo);
        checkTaxonomy(level, category, lineNo);
        return switch (kind) {
            case "open" -> List.of(new SuiteItem(id, id, ItemKind.OPEN, level, category, null, null, null, null,
                    List.of(ChatMessage.user(text(node, "prompt", "prompt", lineNo)))));
            case "multiple_choice_pair" -> pair(node, id, level, category, lineNo);
            default -> throw new SuiteFormatException(source, lineNo, "kind",
                    "unknown kind '" + kind + "' (expected open or multiple_choice_pair)");
        };
    }

    private List<SuiteItem> pair(JsonNode node, String id, String level, String category, long lineNo) {
        String question = text(node, "question", "question", lineNo);
        String positive = text(node, "positive", "positive", lineNo);
        String negative = text(node, "negative", "negative", lineNo);
        String difficulty = optional(node, "difficulty");
        if (difficulty != null && !difficulty.equals("easy") && !difficulty.equals("hard")) {
            throw new SuiteFormatException(source, lineNo, "difficulty", "'" + difficulty + "' is not easy or hard");
        }
        return List.of(
                new SuiteItem(id + "-pos1", id, ItemKind.MULTIPLE_CHOICE, level, category, id, difficulty,
                        MultipleChoicePrompt.CHOICES, MultipleChoicePrompt.REPLY_1,
                        List.of(ChatMessage.user(MultipleChoicePrompt.render(question, positive, negative)))),
                new SuiteItem(id + "-pos2", id, ItemKind.MULTIPLE_CHOICE, level, category, id, difficulty,
                        MultipleChoicePrompt.CHOICES, MultipleChoicePrompt.REPLY_2,
                        List.of(ChatMessage.user(MultipleChoicePrompt.render(question, negative, positive)))));
    }

    private void checkTaxonomy(String level, String category, long lineNo) {
        Level known = Arrays.stream(Level.values()).filter(l -> l.id().equals(level)).findFirst().orElse(null);
        if (known == null) {
            return; // a suite of another benchmark: its own levels and categories
        }
        Category c = Taxonomy.category(category).orElse(null);
        if (c == null || c.level() != known) {
            List<String> ids = Taxonomy.all().stream().filter(x -> x.level() == known).map(Category::id).toList();
            throw new SuiteFormatException(source, lineNo, "category",
                    "'" + category + "' is not a " + level + " category of CValues " + ids);
        }
    }

    private String text(JsonNode node, String name, String field, long lineNo) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new SuiteFormatException(source, lineNo, field, "missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new SuiteFormatException(source, lineNo, field, "must be a non-empty string");
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
