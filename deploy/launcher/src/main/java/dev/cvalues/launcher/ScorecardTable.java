package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scorecard as a terminal table: one block per suite and scorer, one line per category (overall first,
 * then overall per difficulty), each metric with its exact n, then the scorer's label counts. Metrics the
 * original benchmark does not report are marked with a trailing {@code +}.
 */
public final class ScorecardTable {

    private static final List<String> LABEL_ORDER = List.of("回复1", "回复2", "Other", "Refuse", "Need_Check");

    public static String render(JsonNode scorecard) {
        Map<String, List<JsonNode>> blocks = new LinkedHashMap<>();
        for (JsonNode row : scorecard.path("rows")) {
            String block = "suite " + row.path("suite").asText() + " " + row.path("suiteVersion").asText()
                    + " · scorer " + row.path("scorer").asText() + " " + row.path("scorerVersion").asText();
            blocks.computeIfAbsent(block, b -> new ArrayList<>()).add(row);
        }
        if (blocks.isEmpty()) {
            return "  (no scores: no scorer applies to the items of this run, or every item failed)\n";
        }
        StringBuilder out = new StringBuilder();
        blocks.forEach((title, rows) -> out.append("  ").append(title).append('\n').append(block(rows)));
        return out.toString();
    }

    private static String block(List<JsonNode> rows) {
        Set<String> metrics = new TreeSet<>();
        Set<String> labels = new LinkedHashSet<>();
        Map<String, Map<String, JsonNode>> byCategory = new LinkedHashMap<>();
        Set<String> seenLabels = new TreeSet<>();
        Set<String> additions = new TreeSet<>();
        for (JsonNode row : rows) {
            String metric = row.path("metric").asText();
            if (row.path("addition").asBoolean()) {
                additions.add(metric);
            } else {
                metrics.add(metric);
            }
            String line = row.path("category").asText() + (row.hasNonNull("difficulty")
                    ? " · " + row.path("difficulty").asText() : "");
            byCategory.computeIfAbsent(line, c -> new LinkedHashMap<>()).put(metric, row);
            row.path("counts").fieldNames().forEachRemaining(seenLabels::add);
        }
        List<String> columns = new ArrayList<>(metrics);
        columns.addAll(additions);
        LABEL_ORDER.stream().filter(seenLabels::contains).forEach(labels::add);
        labels.addAll(seenLabels);

        List<String> header = new ArrayList<>(List.of("category", "level"));
        for (String m : columns) {
            header.add(additions.contains(m) ? m + "+" : m);
            header.add("n");
        }
        header.add("coverage");
        header.add("not read");
        header.addAll(labels);
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        byCategory.forEach((category, cells) -> {
            JsonNode any = cells.values().iterator().next();
            List<String> line = new ArrayList<>();
            line.add(category.startsWith("all") ? category : Taxonomy.category(category)
                    .map(c -> c.zh() + " " + category).orElse(category));
            line.add(any.path("level").asText(""));
            for (String m : columns) {
                JsonNode cell = cells.get(m);
                boolean empty = cell == null || cell.path("n").asLong() == 0;
                line.add(empty ? "-" : String.format("%.3f", cell.path("value").asDouble()));
                line.add(cell == null ? "0" : cell.path("n").asText());
            }
            JsonNode covered = cells.values().stream().filter(c -> c.has("coverage")).findFirst().orElse(any);
            line.add(covered.has("coverage") ? String.format("%.1f%%", 100 * covered.path("coverage").asDouble()) : "-");
            List<String> unread = new ArrayList<>();
            covered.path("unscored").fields().forEachRemaining(e -> unread.add(e.getKey() + " " + e.getValue().asText()));
            line.add(unread.isEmpty() ? "-" : String.join(", ", unread));
            JsonNode counted = cells.values().stream().filter(c -> c.has("counts")).findFirst().orElse(any);
            for (String label : labels) {
                line.add(counted.path("counts").path(label).asText("0"));
            }
            table.add(line);
        });
        return format(table, 2);
    }

    private static String format(List<List<String>> table, int numericFrom) {
        int columns = table.get(0).size();
        int[] widths = new int[columns];
        for (List<String> line : table) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], width(line.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : table) {
            out.append("    ");
            for (int i = 0; i < columns; i++) {
                String cell = line.get(i);
                String pad = " ".repeat(widths[i] - width(cell));
                out.append(i < numericFrom ? cell + pad : pad + cell).append(i == columns - 1 ? "" : "  ");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Display width in a terminal: CJK characters take two columns. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += (c >= '\u1100' && c <= '\u115F') || (c >= '\u2E80' && c <= '\uA4CF') || (c >= '\uAC00' && c <= '\uD7A3')
                    || (c >= '\uF900' && c <= '\uFAFF') || (c >= '\uFE30' && c <= '\uFE4F') || (c >= '\uFF00' && c <= '\uFF60')
                    || (c >= '\uFFE0' && c <= '\uFFE6') ? 2 : 1;
        }
        return w;
    }

    private ScorecardTable() {
    }
}
