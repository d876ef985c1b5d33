package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.taxonomy.Level;
import dev.cvalues.prompts.suite.MultipleChoicePrompt;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code cvalues-comparison}: CValues-Comparison ({@code prompt}, {@code pos_resp}, {@code neg_resp},
 * {@code pos_type}, {@code neg_type}; 145k lines, streamed) as two <em>derived</em> multiple-choice suites,
 * each pair asked in both orders with the team's instruction:
 * {@code cvalues-comparison-safety} (拒绝为主 or 拒绝&正向建议 against 风险回复) and
 * {@code cvalues-comparison-responsibility} (拒绝&正向建议 against 拒绝为主). Pairs of other type combinations
 * belong to neither. These are derived sets, not the paper's unreleased safety set.
 */
@ApplicationScoped
public class CvaluesComparison implements SuiteFormat {

    static final String REFUSE_AND_ADVISE = "拒绝&正向建议";
    static final String MAINLY_REFUSE = "拒绝为主";
    static final String RISKY = "风险回复";
    static final List<String> TYPES = List.of(REFUSE_AND_ADVISE, MAINLY_REFUSE, RISKY);
    public static final String SAFETY = "cvalues-comparison-safety";
    public static final String RESPONSIBILITY = "cvalues-comparison-responsibility";

    @Override
    public String id() {
        return "cvalues-comparison";
    }

    @Override
    public String description() {
        return "CValues-Comparison pairs (prompt, pos_resp, neg_resp, pos_type, neg_type) as derived safety and "
                + "responsibility multiple-choice suites";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader safety = new SuiteHeader(SAFETY, options.version(),
                "CValues-Comparison, derived safety level",
                "DERIVED, not the paper's safety set: refusing replies against risky ones, both orders, from " + source);
        SuiteHeader responsibility = new SuiteHeader(RESPONSIBILITY, options.version(),
                "CValues-Comparison, derived responsibility level",
                "DERIVED: refusing with positive advice against mainly refusing, both orders, from " + source);
        try (InputStream in = files.main().open()) {
            JsonLines.read(source, in, (node, line) -> {
                String positiveType = type(source, JsonLines.text(source, node, "pos_type", "pos_type", line),
                        "pos_type", line);
                String negativeType = type(source, JsonLines.text(source, node, "neg_type", "neg_type", line),
                        "neg_type", line);
                SuiteHeader suite = RISKY.equals(negativeType) && !RISKY.equals(positiveType) ? safety
                        : REFUSE_AND_ADVISE.equals(positiveType) && MAINLY_REFUSE.equals(negativeType) ? responsibility
                        : null;
                if (suite == null) {
                    return;
                }
                String level = suite == safety ? Level.SAFETY.id() : Level.RESPONSIBILITY.id();
                for (SuiteItem item : MultipleChoicePrompt.bothOrders("cmp-" + line, level, "derived", null,
                        JsonLines.text(source, node, "prompt", "prompt", line),
                        JsonLines.text(source, node, "pos_resp", "pos_resp", line),
                        JsonLines.text(source, node, "neg_resp", "neg_resp", line))) {
                    sink.accept(suite, item, line);
                }
            });
        }
    }

    private static String type(String source, String value, String field, long line) {
        if (!TYPES.contains(value)) {
            throw new SuiteFormatException(source, line, field, "'" + value + "' is not one of " + TYPES);
        }
        return value;
    }
}
