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
 * A scorecard as a terminal table: one block per suite and scorer, one line per category (overall first),
 * each metric with its exact n, then the scorer's label counts.
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
        for (JsonNode row : rows) {
            metrics.add(row.path("metric").asText());
            byCategory.computeIfAbsent(row.path("category").asText(), c -> new LinkedHashMap<>())
                    .put(row.path("metric").asText(), row);
            row.path("counts").fieldNames().forEachRemaining(seenLabels::add);
        }
        LABEL_ORDER.stream().filter(seenLabels::contains).forEach(labels::add);
        labels.addAll(seenLabels);

        List<String> header = new ArrayList<>(List.of("category", "level"));
        for (String m : metrics) {
            header.add(m);
            header.add("n");
        }
        header.addAll(labels);
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        byCategory.forEach((category, cells) -> {
            JsonNode any = cells.values().iterator().next();
            List<String> line = new ArrayList<>();
            line.add(category.equals("all") ? "all" : Taxonomy.category(category)
                    .map(c -> c.zh() + " " + category).orElse(category));
            line.add(any.path("level").asText(""));
            for (String m : metrics) {
                JsonNode cell = cells.get(m);
                line.add(cell == null ? "-" : String.format("%.3f", cell.path("value").asDouble()));
                line.add(cell == null ? "0" : cell.path("n").asText());
            }
            for (String label : labels) {
                line.add(any.path("counts").path(label).asText("0"));
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
