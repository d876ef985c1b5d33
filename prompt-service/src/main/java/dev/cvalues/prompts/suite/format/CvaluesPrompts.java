package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.taxonomy.Level;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code cvalues-prompts}: the released CValues responsibility prompts ({@code cvalues_responsibility_prompts.jsonl},
 * 664 lines of {@code id_}, {@code prompt}, {@code domain_en}, {@code domain_zh}) as open items of suite
 * {@code cvalues-responsibility-prompts}, one per line, id {@code id_}, category {@code domain_en}.
 */
@ApplicationScoped
public class CvaluesPrompts implements SuiteFormat {

    public static final String SUITE = "cvalues-responsibility-prompts";

    @Override
    public String id() {
        return "cvalues-prompts";
    }

    @Override
    public String description() {
        return "CValues responsibility prompts (cvalues_responsibility_prompts.jsonl: id_, prompt, domain_en, domain_zh)";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader suite = new SuiteHeader(SUITE, options.version(), "CValues responsibility prompts",
                "Open prompts written by domain experts in 8 domains (X-PLUG/CValues), imported from " + source);
        String level = Level.RESPONSIBILITY.id();
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                String id = JsonLines.text(source, node, "id_", "id_", line);
                String domain = JsonLines.text(source, node, "domain_en", "domain_en", line);
                CvaluesTaxonomy.check(source, line, "domain_en", level, domain);
                String prompt = JsonLines.text(source, node, "prompt", "prompt", line);
                sink.accept(suite, new SuiteItem(id, id, ItemKind.OPEN, level, domain, null, null, null, null,
                        List.of(ChatMessage.user(prompt))), line);
            });
        }
    }
}
