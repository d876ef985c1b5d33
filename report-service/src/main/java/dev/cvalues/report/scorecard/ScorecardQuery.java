package dev.cvalues.report.scorecard;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import dev.cvalues.contracts.taxonomy.Category;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import dev.cvalues.report.Collections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * A run's scorecard, aggregated by MongoDB from the {@code scores} documents: nothing of the run is loaded
 * into memory beyond one row per (suite, category, scorer, metric). Exact whatever the delivery history,
 * because each item has one score document per scorer.
 */
@ApplicationScoped
public class ScorecardQuery {

    public static final String ALL = "all";

    private final Collections collections;

    public ScorecardQuery(Collections collections) {
        this.collections = collections;
    }

    private record Cell(String suite, String suiteVersion, String level, String category, String scorer,
            String scorerVersion) {

        static Cell of(Document id) {
            return new Cell(id.getString("suite"), id.getString("suiteVersion"), id.getString("level"),
                    id.getString("category"), id.getString("scorer"), id.getString("scorerVersion"));
        }

        Cell overall() {
            return new Cell(suite, suiteVersion, null, ALL, scorer, scorerVersion);
        }
    }

    private static final class Tally {
        long n;
        double sum;
    }

    public List<ScorecardRow> scorecard(String runId) {
        Document cellKey = new Document("suite", "$suiteId").append("suiteVersion", "$suiteVersion")
                .append("level", "$level").append("category", "$category")
                .append("scorer", "$scorerId").append("scorerVersion", "$scorerVersion");

        Map<Cell, Map<String, Tally>> metrics = new HashMap<>();
        for (Document g : collections.scores().aggregate(List.of(
                Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.unwind("$metrics"),
                Aggregates.group(new Document(cellKey).append("metric", "$metrics.name"),
                        Accumulators.sum("n", 1), Accumulators.sum("sum", "$metrics.value"))))) {
            Document id = g.get("_id", Document.class);
            Cell cell = Cell.of(id);
            for (Cell target : List.of(cell, cell.overall())) {
                Tally t = metrics.computeIfAbsent(target, c -> new TreeMap<>())
                        .computeIfAbsent(id.getString("metric"), m -> new Tally());
                t.n += ((Number) g.get("n")).longValue();
                t.sum += ((Number) g.get("sum")).doubleValue();
            }
        }

        Map<Cell, Map<String, Long>> labels = new HashMap<>();
        for (Document g : collections.scores().aggregate(List.of(
                Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.group(new Document(cellKey).append("label", "$label"), Accumulators.sum("n", 1))))) {
            Document id = g.get("_id", Document.class);
            String label = id.getString("label");
            if (label == null) {
                continue;
            }
            long n = ((Number) g.get("n")).longValue();
            Cell cell = Cell.of(id);
            for (Cell target : List.of(cell, cell.overall())) {
                labels.computeIfAbsent(target, c -> new TreeMap<>()).merge(label, n, Long::sum);
            }
        }

        List<ScorecardRow> rows = new ArrayList<>();
        metrics.forEach((cell, byMetric) -> byMetric.forEach((metric, t) -> rows.add(new ScorecardRow(cell.suite(),
                cell.suiteVersion(), cell.level(), cell.category(), cell.scorer(), cell.scorerVersion(), metric,
                t.n == 0 ? 0 : t.sum / t.n, t.n, t.sum, labels.get(cell)))));
        rows.sort(ORDER);
        return rows;
    }

    private static final List<String> CATEGORY_ORDER = Taxonomy.all().stream().map(Category::id).toList();

    private static int categoryRank(String category) {
        if (ALL.equals(category)) {
            return -1;
        }
        int i = CATEGORY_ORDER.indexOf(category);
        return i < 0 ? CATEGORY_ORDER.size() : i;
    }

    private static final Comparator<ScorecardRow> ORDER = Comparator.comparing(ScorecardRow::suite)
            .thenComparing(ScorecardRow::suiteVersion)
            .thenComparing(ScorecardRow::scorer)
            .thenComparing(ScorecardRow::scorerVersion)
            .thenComparingInt(r -> categoryRank(r.category()))
            .thenComparing(ScorecardRow::category)
            .thenComparing(ScorecardRow::metric);
}
