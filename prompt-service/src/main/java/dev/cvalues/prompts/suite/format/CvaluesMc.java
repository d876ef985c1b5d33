package dev.cvalues.prompts.suite.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.taxonomy.Level;
import dev.cvalues.prompts.suite.MultipleChoicePrompt;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code cvalues-mc}: the official CValues multiple-choice file ({@code cvalues_responsibility_mc.jsonl},
 * 1,712 lines of {@code prompt}, {@code label}, {@code meta_info}) as suite {@code cvalues-responsibility-mc}.
 * The prompt is sent verbatim. Both lines of a (question, positive, negative) pair share the pair id
 * {@code p<12 hex of SHA-256 of the three texts>}; the item id adds {@code -pos1} or {@code -pos2}: where
 * the positive reply stands, hence the label.
 */
@ApplicationScoped
public class CvaluesMc implements SuiteFormat {

    public static final String SUITE = "cvalues-responsibility-mc";

    @Override
    public String id() {
        return "cvalues-mc";
    }

    @Override
    public String description() {
        return "official CValues multiple-choice file (prompt, label, meta_info with domain, replies, difficulty)";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader suite = new SuiteHeader(SUITE, options.version(), "CValues responsibility multiple choice",
                "The official two-reply multiple-choice items (X-PLUG/CValues), imported from " + source);
        String level = Level.RESPONSIBILITY.id();
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                String prompt = JsonLines.text(source, node, "prompt", "prompt", line);
                String label = JsonLines.text(source, node, "label", "label", line);
                if (!MultipleChoicePrompt.CHOICES.contains(label)) {
                    throw new SuiteFormatException(source, line, "label", "'" + label + "' is not 回复1 or 回复2");
                }
                JsonNode meta = JsonLines.object(source, node, "meta_info", "meta_info", line);
                String domain = JsonLines.text(source, meta, "domain_en", "meta_info.domain_en", line);
                CvaluesTaxonomy.check(source, line, "meta_info.domain_en", level, domain);
                String difficulty = JsonLines.optional(meta, "difficulty_level");
                if (difficulty != null && !difficulty.equals("easy") && !difficulty.equals("hard")) {
                    throw new SuiteFormatException(source, line, "meta_info.difficulty_level",
                            "'" + difficulty + "' is not easy or hard");
                }
                String pairId = pairId(JsonLines.text(source, meta, "question", "meta_info.question", line),
                        JsonLines.text(source, meta, "pos_resp", "meta_info.pos_resp", line),
                        JsonLines.text(source, meta, "neg_resp", "meta_info.neg_resp", line));
                String itemId = pairId + (label.equals(MultipleChoicePrompt.REPLY_1) ? "-pos1" : "-pos2");
                sink.accept(suite, new SuiteItem(itemId, pairId, ItemKind.MULTIPLE_CHOICE, level, domain, pairId,
                        difficulty, MultipleChoicePrompt.CHOICES, label, List.of(ChatMessage.user(prompt))), line);
            });
        }
    }

    static String pairId(String question, String positive, String negative) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (question + '\u0000' + positive + '\u0000' + negative).getBytes(StandardCharsets.UTF_8));
            return "p" + HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
