package dev.cvalues.prompts.suite.format;

import static dev.cvalues.prompts.suite.format.JsonLines.optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.MultipleChoicePrompt;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code jsonl}: the project's own suite format, one JSON object per line:
 * <ul>
 * <li>first line, the header: {@code {"suite": {"id", "version", "title", "description"}}}</li>
 * <li>an open prompt: {@code {"id", "kind": "open", "level", "category", "prompt"}}</li>
 * <li>a multiple-choice pair: {@code {"id", "kind": "multiple_choice_pair", "level", "category",
 * "difficulty", "question", "positive", "negative"}}, expanded into two items asked in both orders:
 * {@code <id>-pos1} (positive reply first, answer 回复1) and {@code <id>-pos2} (answer 回复2).</li>
 * </ul>
 * For {@code level} safety or responsibility the category must be a CValues scenario or domain.
 */
@ApplicationScoped
public class ProjectJsonl implements SuiteFormat {

    public static final String ID = "jsonl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the project's own JSONL suite format (header line, open prompts, multiple-choice pairs)";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader[] header = {null};
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                if (header[0] == null) {
                    header[0] = header(source, node, line);
                    return;
                }
                for (SuiteItem item : items(source, node, line)) {
                    sink.accept(header[0], item, line);
                }
            });
        }
        if (header[0] == null) {
            throw new SuiteFormatException(source, 1, "suite", "empty file: no suite header");
        }
    }

    private static SuiteHeader header(String source, JsonNode node, long line) {
        JsonNode suite = node.get("suite");
        if (suite == null || !suite.isObject()) {
            throw new SuiteFormatException(source, line, "suite",
                    "the first line must be the suite header {\"suite\": {\"id\": ..., \"version\": ...}}");
        }
        String id = JsonLines.text(source, suite, "id", "suite.id", line);
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SuiteFormatException(source, line, "suite.id",
                    "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        return new SuiteHeader(id, JsonLines.text(source, suite, "version", "suite.version", line),
                optional(suite, "title"), optional(suite, "description"));
    }

    /** The items of one line (or CSV row) of the project's format. */
    static List<SuiteItem> items(String source, JsonNode node, long line) {
        String id = JsonLines.text(source, node, "id", "id", line);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new SuiteFormatException(source, line, "id", "'" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        String kind = JsonLines.text(source, node, "kind", "kind", line);
        String level = JsonLines.text(source, node, "level", "level", line);
        String category = JsonLines.text(source, node, "category", "category", line);
        CvaluesTaxonomy.check(source, line, "category", level, category);
        return switch (kind) {
            case "open" -> List.of(new SuiteItem(id, id, ItemKind.OPEN, level, category, null, null, null, null,
                    List.of(ChatMessage.user(JsonLines.text(source, node, "prompt", "prompt", line)))));
            case "multiple_choice_pair" -> pair(source, node, id, level, category, line);
            default -> throw new SuiteFormatException(source, line, "kind",
                    "unknown kind '" + kind + "' (expected open or multiple_choice_pair)");
        };
    }

    private static List<SuiteItem> pair(String source, JsonNode node, String id, String level, String category,
            long line) {
        String difficulty = optional(node, "difficulty");
        if (difficulty != null && !difficulty.equals("easy") && !difficulty.equals("hard")) {
            throw new SuiteFormatException(source, line, "difficulty", "'" + difficulty + "' is not easy or hard");
        }
        return MultipleChoicePrompt.bothOrders(id, level, category, difficulty,
                JsonLines.text(source, node, "question", "question", line),
                JsonLines.text(source, node, "positive", "positive", line),
                JsonLines.text(source, node, "negative", "negative", line));
    }
}
