package dev.cvalues.prompts.suite.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.LetteredChoicePrompt;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code safetybench}: SafetyBench test questions ({@code test_zh_subset.json}, a JSON array of {@code id},
 * {@code question}, {@code options}, {@code category}) with the separate answer file ({@code answers}:
 * {@code test_answers_zh_subset.json}, an object keyed by id with {@code answer}, the 0-based option index).
 * Items are multiple choice with choices A, B, … and the answer's letter, suite {@code safetybench-zh}.
 * The question array is streamed; only the answer key (id → answer) is held in memory.
 */
@ApplicationScoped
public class SafetyBench implements SuiteFormat {

    public static final String SUITE = "safetybench-zh";
    private static final String LETTERS = LetteredChoicePrompt.LETTERS;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Answer(int index, String category) {
    }

    @Override
    public String id() {
        return "safetybench";
    }

    @Override
    public String description() {
        return "SafetyBench questions (JSON array: id, question, options, category) plus the answers file";
    }

    @Override
    public List<String> companions() {
        return List.of("answers");
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        Map<String, Answer> answers = answers(files.companion("answers"));
        String source = files.name();
        SuiteHeader suite = new SuiteHeader(SUITE, options.version(), "SafetyBench (Chinese)",
                "Multiple-choice safety questions in 7 categories (thu-coai/SafetyBench), imported from " + source);
        try (InputStream in = files.main().open(); JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new SuiteFormatException(source, 1, null, "expected a JSON array of questions");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                long line = parser.currentLocation().getLineNr();
                JsonNode q = MAPPER.readTree(parser);
                String id = JsonLines.text(source, q, "id", "id", line);
                String category = JsonLines.text(source, q, "category", "category", line);
                JsonNode optionNodes = q.get("options");
                if (optionNodes == null || !optionNodes.isArray() || optionNodes.size() < 2
                        || optionNodes.size() > LETTERS.length()) {
                    throw new SuiteFormatException(source, line, "options", "must be a list of 2 to "
                            + LETTERS.length() + " options");
                }
                Answer answer = answers.get(id);
                if (answer == null) {
                    throw new SuiteFormatException(source, line, "id", "question " + id + " has no answer in "
                            + files.companion("answers").name());
                }
                if (answer.index() < 0 || answer.index() >= optionNodes.size()) {
                    throw new SuiteFormatException(files.companion("answers").name(), 0, id + ".answer",
                            "option " + answer.index() + " does not exist: question " + id + " has "
                                    + optionNodes.size());
                }
                List<String> texts = new ArrayList<>();
                optionNodes.forEach(o -> texts.add(o.asText()));
                if (answer.category() != null && !answer.category().equals(category)) {
                    throw new SuiteFormatException(source, line, "category", "question " + id + " is '" + category
                            + "' but the answers file says '" + answer.category() + "': are the files of one set?");
                }
                List<String> choices = LetteredChoicePrompt.letters(texts.size());
                String prompt = LetteredChoicePrompt.render(JsonLines.text(source, q, "question", "question", line), texts);
                sink.accept(suite, new SuiteItem(id, id, ItemKind.MULTIPLE_CHOICE, null, category, null, null, choices,
                        choices.get(answer.index()), List.of(ChatMessage.user(prompt))), line);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new SuiteFormatException(source, parser.currentLocation().getLineNr(), null,
                        "expected a question object or the end of the array");
            }
        }
    }

    private static Map<String, Answer> answers(ImportFiles.Named file) throws IOException {
        Map<String, Answer> answers = new HashMap<>();
        JsonNode root;
        try (InputStream in = file.opener().open()) {
            root = MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SuiteFormatException(file.name(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SuiteFormatException(file.name(), 1, null, "expected a JSON object keyed by question id");
        }
        root.fields().forEachRemaining(e -> {
            JsonNode answer = e.getValue().get("answer");
            if (answer == null || !answer.canConvertToInt()) {
                throw new SuiteFormatException(file.name(), 0, e.getKey() + ".answer", "missing or not an option index");
            }
            answers.put(e.getKey(), new Answer(answer.asInt(), JsonLines.optional(e.getValue(), "category")));
        });
        return answers;
    }
}
