package dev.cvalues.prompts.suite.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvalues.prompts.suite.SuiteFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code csv}: the project's format as a CSV with a header row: {@code id, kind, level, category} and either
 * {@code prompt} (kind {@code open}) or {@code question, positive, negative} and optionally {@code difficulty}
 * (kind {@code multiple_choice_pair}). The suite id is given with the import ({@code suite}), the version
 * too or the files' digest. Rows mean exactly what the same fields mean in {@code jsonl}.
 */
@ApplicationScoped
public class ProjectCsv implements SuiteFormat {

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "the project's format as CSV (id, kind, level, category, prompt | question, positive, negative, "
                + "difficulty); needs the suite id";
    }

    @Override
    public void read(ImportFiles files, ImportOptions options, ItemSink sink) throws IOException {
        String source = files.name();
        if (options.suiteId() == null || !options.suiteId().matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SuiteFormatException(source, 0, "suite",
                    "a CSV suite needs its id (lower-case letters, digits, '.', '_' or '-') with the import");
        }
        SuiteHeader suite = new SuiteHeader(options.suiteId(), options.version(), options.suiteId(),
                "imported from " + source);
        try (InputStream in = files.main().open()) {
            CsvRows.read(source, in, List.of("id", "kind", "level", "category"), (row, line) -> {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                row.forEach((column, value) -> {
                    if (value != null && !value.isBlank()) {
                        node.put(column, value);
                    }
                });
                ProjectJsonl.items(source, node, line).forEach(item -> sink.accept(suite, item, line));
            });
        }
    }
}
