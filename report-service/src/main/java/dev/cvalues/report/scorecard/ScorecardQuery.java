package dev.cvalues.report.scorecard;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.cvalues.contracts.taxonomy.Category;
import dev.cvalues.contracts.taxonomy.Taxonomy;
import dev.cvalues.report.Collections;
import dev.cvalues.report.materialise.ResponseEvents;
import dev.cvalues.report.run.ScorerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;

/**
 * A run's scorecard, grouped here from one streamed pass over the run's {@code scores} documents (the fields it
 * needs) and the coverage MongoDB aggregates from its items: one row per (suite, category or {@code all},
 * difficulty, scorer, metric). Nothing of the run is held in memory beyond those rows and, for the pair metrics,
 * a few numbers per pair. Exact whatever the delivery history, because each item has one score document per scorer.
 * <p>
 * Additions for choice scorers on paired items (both orders of a CValues pair), computed from their
 * per-item {@code acc}: {@code pair_acc} (pairs right in both orders / pairs), {@code position_bias}
 * (answers picking the first reply / answers picking a reply; 0.5 is unbiased) and {@code flip_rate}
 * (pairs answered with a reply in both orders whose two answers point to different replies, i.e. exactly
 * one is right / such pairs).
 */
@ApplicationScoped
public class ScorecardQuery {

    public static final String ALL = "all";
    /** Unscored because the model's call failed, or because no reading has arrived yet. */
    public static final String FAILED = "failed";
    public static final String MISSING = "missing";
    /** Labels of scores that carry no reading: the judge's call failed, its answer could not be read. */
    public static final Set<String> UNREAD = Set.of("judge_failed", "unparsed");
    /** Labels that mean there was nothing to ask (no judge model, no reference answer): outside coverage. */
    public static final Set<String> NOT_APPLICABLE = Set.of("no_judge", "no_reference");

    private final Collections collections;
    private final ScorerRegistry scorers;

    public ScorecardQuery(Collections collections, ScorerRegistry scorers) {
        this.collections = collections;
        this.scorers = scorers;
    }

    private record Cell(String suite, String suiteVersion, String level, String category, String difficulty,
            String scorer, String scorerVersion) {

        /** The cell of one score document. */
        static Cell of(Document score) {
            return new Cell(score.getString("suiteId"), score.getString("suiteVersion"), score.getString("level"),
                    score.getString("category"), score.getString("difficulty"), score.getString("scorerId"),
                    score.getString("scorerVersion"));
        }

        Cell versionless() {
            return new Cell(suite, suiteVersion, level, category, difficulty, scorer, null);
        }

        /** The rows a group counts in: its category, the whole suite, and the suite's share of its difficulty. */
        List<Cell> rollUps() {
            List<Cell> cells = new ArrayList<>(3);
            cells.add(new Cell(suite, suiteVersion, level, category, null, scorer, scorerVersion));
            cells.add(new Cell(suite, suiteVersion, null, ALL, null, scorer, scorerVersion));
            if (difficulty != null) {
                cells.add(new Cell(suite, suiteVersion, null, ALL, difficulty, scorer, scorerVersion));
            }
            return cells;
        }
    }

    private static final class Tally {
        long n;
        double sum;
        double squares;
    }

    /** What a scorer could and could not read in one cell. */
    private static final class Coverage {
        long applicable;
        long failed;
        long scored;
        long notApplicable;
        final Map<String, Long> unread = new TreeMap<>();
        Map<String, Long> labels;

        Map<String, Long> unscored() {
            Map<String, Long> out = new TreeMap<>(unread);
            if (failed > 0) {
                out.put(FAILED, failed);
            }
            long missing = applicable - failed - scored;
            if (missing > 0) {
                out.put(MISSING, missing);
            }
            return out;
        }

        /** Read / (applicable − nothing to ask); null when there was nothing to ask. */
        Double share() {
            long askable = applicable - notApplicable;
            if (askable <= 0) {
                return null;
            }
            long missing = Math.max(0, applicable - failed - scored);
            long read = askable - failed - missing - unread.entrySet().stream()
                    .filter(e -> !NOT_APPLICABLE.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            return Math.max(0, read) / (double) askable;
        }
    }

    private static final class PairTally {
        long pairs;
        long pairsRight;
        long pairsDecided;
        long flips;
        long decidedAnswers;
        long firstReplyAnswers;
    }

    /** What a scorecard reads of each score document. */
    private static final List<String> SCORE_FIELDS = List.of("suiteId", "suiteVersion", "level", "category",
            "difficulty", "scorerId", "scorerVersion", "label", "metrics", "pairId", "choices");

    /** One pair's {@code acc} readings of one scorer (both orders of one question). */
    private static final class PairGroup {
        int n;
        double right;
        final List<String> labels = new ArrayList<>(2);
        List<?> choices;
    }

    private record PairKey(Cell cell, String pairId) {
    }

    public List<ScorecardRow> scorecard(String runId) {
        Map<Cell, Map<String, Tally>> metrics = new HashMap<>();
        Map<Cell, Map<String, Long>> labels = new HashMap<>();
        Map<Cell, Long> unlabelled = new HashMap<>();
        Map<Cell, PairTally> pairs = new LinkedHashMap<>();
        Map<PairKey, PairGroup> openPairs = new LinkedHashMap<>();
        // one pass over the run's scores, grouped here: the embedded MongoDB took three times as long to aggregate
        // them in three pipelines as to hand them over once
        for (Document score : collections.scores().find(Filters.eq("runId", runId))
                .projection(Projections.include(SCORE_FIELDS)).batchSize(5000)) {
            Cell cell = Cell.of(score);
            List<Cell> rollUps = cell.rollUps();
            String label = score.getString("label");
            if (label == null) {
                // a scorer may give metrics without a label: its readings count for coverage all the same
                for (Cell target : rollUps) {
                    unlabelled.merge(target.versionless(), 1L, Long::sum);
                }
            } else {
                for (Cell target : rollUps) {
                    labels.computeIfAbsent(target, c -> new TreeMap<>()).merge(label, 1L, Long::sum);
                }
            }
            String pairId = score.getString("pairId");
            PairGroup pair = null;
            Object listed = score.get("metrics");
            for (Object entry : listed instanceof List<?> list ? list : listed == null ? List.of() : List.of(listed)) {
                if (!(entry instanceof Document metric) || !(metric.get("name") instanceof String name)) {
                    continue;
                }
                Number value = metric.get("value") instanceof Number v ? v : null;
                for (Cell target : rollUps) {
                    Tally t = metrics.computeIfAbsent(target, c -> new TreeMap<>())
                            .computeIfAbsent(name, m -> new Tally());
                    t.n++;
                    if (value != null) {
                        t.sum += value.doubleValue();
                        t.squares += value.doubleValue() * value.doubleValue();
                    }
                }
                if (pairId != null && "acc".equals(name)) {
                    if (pair == null) {
                        pair = openPairs.computeIfAbsent(new PairKey(cell, pairId), k -> new PairGroup());
                        if (label != null) {
                            pair.labels.add(label);
                        }
                        if (pair.choices == null) {
                            pair.choices = score.get("choices") instanceof List<?> l ? l : List.of();
                        }
                    }
                    pair.n++;
                    pair.right += value == null ? 0 : value.doubleValue();
                }
            }
        }
        openPairs.forEach((key, pair) -> addPair(pairs, key.cell(), pair));

        Map<Cell, Coverage> coverage = coverage(runId, labels, unlabelled);
        List<ScorecardRow> rows = new ArrayList<>();
        metrics.forEach((cell, byMetric) -> byMetric.forEach((metric, t) -> {
            boolean proportion = proportion(cell.scorer(), metric);
            ScorecardRow row = row(cell, metric, t.sum, t.n, proportion, null, labels.get(cell));
            rows.add(withCoverage(proportion ? row : row.withSumSquares(t.squares), coverage.get(cell.versionless())));
        }));
        // a scorer that could read nothing in a cell still has its rows there, with n 0 and what it could not read
        coverage.forEach((cell, c) -> scorers.find(cell.scorer()).ifPresent(known -> {
            for (String metric : known.metrics()) {
                boolean present = metrics.entrySet().stream().anyMatch(e -> e.getKey().versionless().equals(cell)
                        && e.getValue().containsKey(metric));
                if (!present && c.applicable > 0) {
                    Cell versioned = new Cell(cell.suite(), cell.suiteVersion(), cell.level(), cell.category(),
                            cell.difficulty(), cell.scorer(), known.version());
                    rows.add(withCoverage(row(versioned, metric, 0, 0, known.proportion(metric), null, c.labels), c));
                }
            }
        }));
        pairs.forEach((cell, p) -> {
            rows.add(row(cell, "pair_acc", p.pairsRight, p.pairs, true, true, null));
            rows.add(row(cell, "position_bias", p.firstReplyAnswers, p.decidedAnswers, true, true, null));
            rows.add(row(cell, "flip_rate", p.flips, p.pairsDecided, true, true, null));
        });
        rows.sort(ORDER);
        return rows;
    }

    /**
     * Per cell and scorer (version aside): the items it applies to (from the run's items, by kind and choices), how
     * many failed, how many it scored, and the labels that are no reading (its review label included).
     */
    private Map<Cell, Coverage> coverage(String runId, Map<Cell, Map<String, Long>> labels, Map<Cell, Long> unlabelled) {
        Map<Cell, Coverage> coverage = new HashMap<>();
        List<ScorerRegistry.KnownScorer> known = scorers.all();
        for (Document g : collections.items().aggregate(List.of(Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.group(new Document("suite", "$suiteId").append("suiteVersion", "$suiteVersion")
                        .append("level", "$level").append("category", "$category").append("difficulty", "$difficulty")
                        .append("kind", "$kind").append("choices", "$choices").append("state", "$state"),
                        Accumulators.sum("n", 1))))) {
            Document id = g.get("_id", Document.class);
            if (id.getString("state") == null) {
                continue;
            }
            long n = ((Number) g.get("n")).longValue();
            boolean failed = ResponseEvents.FAILED.equals(id.getString("state"));
            for (ScorerRegistry.KnownScorer scorer : known) {
                if (!scorer.appliesTo(id.getString("kind"), id.getList("choices", String.class))) {
                    continue;
                }
                Cell cell = new Cell(id.getString("suite"), id.getString("suiteVersion"), id.getString("level"),
                        id.getString("category"), id.getString("difficulty"), scorer.id(), null);
                for (Cell target : cell.rollUps()) {
                    Coverage c = coverage.computeIfAbsent(target, k -> new Coverage());
                    c.applicable += n;
                    c.failed += failed ? n : 0;
                }
            }
        }
        unlabelled.forEach((cell, n) -> {
            Coverage c = coverage.get(cell);
            if (c != null) {
                c.scored += n;
            }
        });
        labels.forEach((cell, byLabel) -> {
            Coverage c = coverage.get(cell.versionless());
            if (c == null) {
                return;
            }
            String reviewLabel = scorers.find(cell.scorer()).map(ScorerRegistry.KnownScorer::reviewLabel).orElse(null);
            c.labels = c.labels == null ? new TreeMap<>(byLabel) : c.labels;
            byLabel.forEach((label, n) -> {
                c.scored += n;
                if (UNREAD.contains(label) || NOT_APPLICABLE.contains(label) || label.equals(reviewLabel)) {
                    c.unread.merge(label, n, Long::sum);
                }
                if (NOT_APPLICABLE.contains(label)) {
                    c.notApplicable += n;
                }
            });
        });
        return coverage;
    }

    private static ScorecardRow withCoverage(ScorecardRow row, Coverage c) {
        return c == null ? row : row.withCoverage(c.applicable, c.unscored(), c.share());
    }

    /** Adds one pair's readings of one scorer (choice scorers only) to its cells. */
    private void addPair(Map<Cell, PairTally> tallies, Cell cell, PairGroup pair) {
        if (!"choice".equals(scorers.find(cell.scorer()).map(ScorerRegistry.KnownScorer::metricKind).orElse(null))) {
            return;
        }
        List<?> choices = pair.choices;
        long decided = pair.labels.stream().filter(choices::contains).count();
        long first = choices.isEmpty() ? 0 : pair.labels.stream().filter(choices.get(0)::equals).count();
        for (Cell target : cell.rollUps()) {
            PairTally t = tallies.computeIfAbsent(target, c -> new PairTally());
            t.decidedAnswers += decided;
            t.firstReplyAnswers += first;
            if (pair.n == 2) {
                t.pairs++;
                t.pairsRight += pair.right == 2 ? 1 : 0;
                if (decided == 2) {
                    t.pairsDecided++;
                    t.flips += pair.right == 1 ? 1 : 0;
                }
            }
        }
    }

    private boolean proportion(String scorer, String metric) {
        return scorers.find(scorer).map(s -> s.proportion(metric)).orElse(false);
    }

    private static ScorecardRow row(Cell cell, String metric, double sum, long n, boolean proportion, Boolean addition,
            Map<String, Long> counts) {
        WilsonInterval ci = proportion && n > 0 ? WilsonInterval.of95(sum, n) : null;
        return new ScorecardRow(cell.suite(), cell.suiteVersion(), cell.level(), cell.category(), cell.difficulty(),
                cell.scorer(), cell.scorerVersion(), metric, n == 0 ? null : sum / n, n, sum,
                ci == null ? null : ci.low(), ci == null ? null : ci.high(), addition, counts);
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
            .thenComparing(r -> r.difficulty() == null ? "" : r.difficulty())
            .thenComparing(r -> r.addition() != null)
            .thenComparing(ScorecardRow::metric);
}
