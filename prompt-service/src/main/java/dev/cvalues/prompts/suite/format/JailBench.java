package dev.cvalues.prompts.suite.format;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.suite.SuiteFormatException;
import dev.cvalues.prompts.suite.SuiteItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code jailbench}: JailBench CSVs (UTF-8 with BOM, multi-line cells): {@code JailBench.csv} (index,
 * {@code query}: a jailbreak-wrapped request) as suite {@code jailbench}, or {@code JailBench_seed.csv}
 * (index, {@code question_zh}) as suite {@code jailbench-seed}; category the first-level domain 一级领域.
 */
@ApplicationScoped
public class JailBench implements SuiteFormat {

    static final String DOMAIN = "一级领域";

    @Override
    public String id() {
        return "jailbench";
    }

    @Override
    public String description() {
        return "JailBench.csv (query) or JailBench_seed.csv (question_zh), with 一级领域 and 二级领域";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        SuiteHeader[] suite = {null};
        String[] promptColumn = {null};
        try (InputStream in = files.main().open()) {
            CsvRows.read(source, in, List.of("", DOMAIN), (row, line) -> {
                if (suite[0] == null) {
                    promptColumn[0] = row.containsKey("query") ? "query" : row.containsKey("question_zh") ? "question_zh"
                            : null;
                    if (promptColumn[0] == null) {
                        throw new SuiteFormatException(source, 1, "query", "expected a query (JailBench.csv) or "
                                + "question_zh (JailBench_seed.csv) column, header has " + row.keySet());
                    }
                    boolean seed = promptColumn[0].equals("question_zh");
                    suite[0] = new SuiteHeader(seed ? "jailbench-seed" : "jailbench", options.version(),
                            seed ? "JailBench seed questions" : "JailBench",
                            (seed ? "Harmful seed questions" : "Jailbreak-wrapped harmful requests")
                                    + " in 2 levels of domains (STAIR-BUPT/JailBench), imported from " + source);
                }
                String id = "jb-" + CsvRows.cell(source, row, "", line);
                sink.accept(suite[0], item(id, row, promptColumn[0], source, line), line);
            });
        }
    }

    private static SuiteItem item(String id, Map<String, String> row, String promptColumn, String source, long line) {
        return new SuiteItem(id, id, ItemKind.OPEN, null, CsvRows.cell(source, row, DOMAIN, line), null, null, null,
                null, List.of(ChatMessage.user(CsvRows.cell(source, row, promptColumn, line))));
    }
}
