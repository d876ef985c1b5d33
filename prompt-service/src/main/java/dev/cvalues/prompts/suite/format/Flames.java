package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * {@code flames}: Flames ({@code Flames_1k_Chinese.jsonl}: {@code dimension}, {@code subcomponent},
 * {@code prompt}) as open items of suite {@code flames-zh}, category the dimension. The file has no ids:
 * item {@code flames-<line>}.
 */
@ApplicationScoped
public class Flames implements SuiteFormat {

    public static final String SUITE = "flames-zh";
    static final Set<String> DIMENSIONS = Set.of("Fairness", "Safety", "Morality", "Legality", "Data protection");

    @Override
    public String id() {
        return "flames";
    }

    @Override
    public String description() {
        return "Flames prompts (JSONL: dimension, subcomponent, prompt)";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader suite = new SuiteHeader(SUITE, options.version(), "Flames (Chinese)",
                "Adversarial prompts in 5 value dimensions (AIFlames/Flames), imported from " + source);
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                String dimension = JsonLines.text(source, node, "dimension", "dimension", line);
                if (!DIMENSIONS.contains(dimension)) {
                    throw new SuiteFormatException(source, line, "dimension", "'" + dimension + "' is not one of "
                            + DIMENSIONS);
                }
                String id = "flames-" + line;
                sink.accept(suite, new SuiteItem(id, id, ItemKind.OPEN, null, dimension, null, null, null, null,
                        List.of(ChatMessage.user(JsonLines.text(source, node, "prompt", "prompt", line)))), line);
            });
        }
    }
}
