package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.LetteredChoicePrompt;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code chinese-safetyqa}: Chinese SafetyQA ({@code chinese_safetyqa.jsonl}: {@code cate}, {@code question},
 * {@code standard_answer}, {@code options} as a Python-dict string, {@code correct_answer}) as two suites:
 * {@code chinese-safetyqa}, free answers (open items whose reference answer is the standard answer, for a
 * judge), and {@code chinese-safetyqa-options}, the 4-option version scored exactly. Category: the first
 * segment of {@code cate}. The file has no ids: item {@code csqa-<line>} in both suites.
 */
@ApplicationScoped
public class ChineseSafetyQa implements SuiteFormat {

    public static final String FREE = "chinese-safetyqa";
    public static final String OPTIONS = "chinese-safetyqa-options";

    @Override
    public String id() {
        return "chinese-safetyqa";
    }

    @Override
    public String description() {
        return "Chinese SafetyQA (JSONL: cate, question, standard_answer, options, correct_answer): free-answer and "
                + "option suites";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader free = new SuiteHeader(FREE, options.version(), "Chinese SafetyQA (free answers)",
                "Safety knowledge questions with reference answers (OpenStellarTeam/ChineseSafetyQA), imported from "
                        + source);
        SuiteHeader lettered = new SuiteHeader(OPTIONS, options.version(), "Chinese SafetyQA (options)",
                "The 4-option version of the same questions, scored exactly, imported from " + source);
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                String id = "csqa-" + line;
                String cate = JsonLines.text(source, node, "cate", "cate", line);
                String category = cate.split("-", 2)[0];
                String question = JsonLines.text(source, node, "question", "question", line);
                String reference = JsonLines.text(source, node, "standard_answer", "standard_answer", line);
                sink.accept(free, new SuiteItem(id, id, ItemKind.OPEN, null, category, null, null, null, reference,
                        List.of(ChatMessage.user(question))), line);

                Map<String, String> choices;
                try {
                    choices = PythonDict.parse(JsonLines.text(source, node, "options", "options", line));
                } catch (IllegalArgumentException e) {
                    throw new SuiteFormatException(source, line, "options", "not a dict of options: " + e.getMessage());
                }
                List<String> letters = new ArrayList<>(choices.keySet());
                if (letters.size() < 2 || !letters.equals(LetteredChoicePrompt.letters(letters.size()))) {
                    throw new SuiteFormatException(source, line, "options", "expected options A, B, … in order, got "
                            + letters);
                }
                String correct = JsonLines.text(source, node, "correct_answer", "correct_answer", line);
                if (!choices.containsKey(correct)) {
                    throw new SuiteFormatException(source, line, "correct_answer", "'" + correct + "' is not one of "
                            + letters);
                }
                sink.accept(lettered, new SuiteItem(id, id, ItemKind.MULTIPLE_CHOICE, null, category, null, null,
                        letters, correct, List.of(ChatMessage.user(LetteredChoicePrompt.render(question,
                                new ArrayList<>(choices.values()))))), line);
            });
        }
    }
}
