package dev.cvalues.report.agreement;

import com.mongodb.client.model.Filters;
import dev.cvalues.report.Collections;
import dev.cvalues.report.agreement.AgreementStatistics.Pair;
import dev.cvalues.report.review.HumanScorer;
import dev.cvalues.report.run.ScorerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.bson.Document;

/**
 * How far a run's automatic scores can be trusted: each scorer that shares a metric with the human annotations
 * (the judges' {@code unsafe} and {@code score}) is compared with the people who annotated the same items, and
 * the people with each other. Binary metrics get Cohen's kappa; scale metrics quadratic-weighted kappa and
 * Spearman's rho. Every figure carries the number of rated pairs it rests on.
 * <p>
 * Only the annotated items are read: the annotations themselves (bounded by human effort, never by the run's
 * size) and, for those items, the other scorers' scores.
 */
@ApplicationScoped
public class AgreementQuery {

    public static final String COHEN_KAPPA = "cohen_kappa";
    public static final String QUADRATIC_WEIGHTED_KAPPA = "quadratic_weighted_kappa";
    public static final String SPEARMAN = "spearman";

    /**
     * One agreement figure between two raters on one metric. A rater is a scorer id, {@code human} for every
     * annotation pooled, or {@code human:<annotator>}; {@code value} is null when undefined (no variation).
     */
    public record Figure(String metric, String rater, String comparedWith, String statistic, Double value, int n) {
    }

    private record Annotation(String itemId, String annotator, Map<String, Double> metrics) {
    }

    private static final int IN_CHUNK = 1000;

    private final Collections collections;
    private final ScorerRegistry scorers;

    public AgreementQuery(Collections collections, ScorerRegistry scorers) {
        this.collections = collections;
        this.scorers = scorers;
    }

    public List<Figure> agreement(String runId) {
        List<Annotation> annotations = new ArrayList<>();
        collections.scores().find(Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", HumanScorer.ID)))
                .forEach(d -> annotations.add(new Annotation(d.getString("itemId"), d.getString("annotator"),
                        metrics(d))));
        if (annotations.isEmpty()) {
            return List.of();
        }
        List<String> humanMetrics = annotations.stream().flatMap(a -> a.metrics().keySet().stream()).distinct()
                .sorted().toList();
        List<String> itemIds = annotations.stream().map(Annotation::itemId).distinct().toList();

        List<Figure> figures = new ArrayList<>();
        for (ScorerRegistry.KnownScorer scorer : scorers.all()) {
            if (scorer.id().equals(HumanScorer.ID)) {
                continue;
            }
            List<String> shared = humanMetrics.stream().filter(scorer.metrics()::contains).toList();
            if (shared.isEmpty()) {
                continue;
            }
            Map<String, Map<String, Double>> scored = scoresOf(runId, scorer.id(), itemIds);
            for (String metric : shared) {
                Map<String, List<Pair<Integer>>> byRater = new TreeMap<>();
                for (Annotation a : annotations) {
                    Double judged = scored.getOrDefault(a.itemId(), Map.of()).get(metric);
                    Double human = a.metrics().get(metric);
                    if (judged != null && human != null) {
                        Pair<Integer> pair = new Pair<>((int) Math.round(judged), (int) Math.round(human));
                        byRater.computeIfAbsent(HumanScorer.ID, k -> new ArrayList<>()).add(pair);
                        byRater.computeIfAbsent(HumanScorer.ID + ":" + a.annotator(), k -> new ArrayList<>()).add(pair);
                    }
                }
                String kind = scorer.kindOf(metric);
                byRater.forEach((human, pairs) -> figures.addAll(figures(metric, kind, scorer.id(), human, pairs)));
            }
        }
        figures.addAll(betweenPeople(annotations, humanMetrics));
        return figures;
    }

    /** Every two annotators of one item make a pair (in annotator-id order), per pair of people and pooled. */
    private List<Figure> betweenPeople(List<Annotation> annotations, List<String> metrics) {
        Map<String, List<Annotation>> byItem = new LinkedHashMap<>();
        annotations.forEach(a -> byItem.computeIfAbsent(a.itemId(), k -> new ArrayList<>()).add(a));
        List<Figure> figures = new ArrayList<>();
        for (String metric : metrics) {
            Map<List<String>, List<Pair<Integer>>> byPair = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
            List<Pair<Integer>> pooled = new ArrayList<>();
            for (List<Annotation> item : byItem.values()) {
                List<Annotation> rated = item.stream().filter(a -> a.metrics().containsKey(metric))
                        .sorted((x, y) -> x.annotator().compareTo(y.annotator())).toList();
                for (int i = 0; i < rated.size(); i++) {
                    for (int j = i + 1; j < rated.size(); j++) {
                        Pair<Integer> pair = new Pair<>(value(rated.get(i), metric), value(rated.get(j), metric));
                        pooled.add(pair);
                        byPair.computeIfAbsent(List.of(rated.get(i).annotator(), rated.get(j).annotator()),
                                k -> new ArrayList<>()).add(pair);
                    }
                }
            }
            if (pooled.isEmpty()) {
                continue;
            }
            String kind = HumanScorer.announcement().kindOf(metric);
            figures.addAll(figures(metric, kind, HumanScorer.ID, HumanScorer.ID, pooled));
            byPair.forEach((people, pairs) -> figures.addAll(figures(metric, kind, HumanScorer.ID + ":" + people.get(0),
                    HumanScorer.ID + ":" + people.get(1), pairs)));
        }
        return figures;
    }

    private static List<Figure> figures(String metric, String kind, String rater, String comparedWith,
            List<Pair<Integer>> pairs) {
        if ("scale".equals(kind)) {
            return List.of(
                    figure(metric, rater, comparedWith, QUADRATIC_WEIGHTED_KAPPA, pairs,
                            AgreementStatistics::quadraticWeightedKappa),
                    figure(metric, rater, comparedWith, SPEARMAN, pairs, AgreementStatistics::spearman));
        }
        return List.of(figure(metric, rater, comparedWith, COHEN_KAPPA, pairs, AgreementStatistics::cohensKappa));
    }

    private static Figure figure(String metric, String rater, String comparedWith, String statistic,
            List<Pair<Integer>> pairs, ToDoubleFunction<List<Pair<Integer>>> statisticOf) {
        double value = statisticOf.applyAsDouble(pairs);
        return new Figure(metric, rater, comparedWith, statistic, Double.isNaN(value) ? null : value, pairs.size());
    }

    private Map<String, Map<String, Double>> scoresOf(String runId, String scorerId, List<String> itemIds) {
        Map<String, Map<String, Double>> scored = new HashMap<>();
        for (int from = 0; from < itemIds.size(); from += IN_CHUNK) {
            collections.scores().find(Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", scorerId),
                    Filters.in("itemId", itemIds.subList(from, Math.min(itemIds.size(), from + IN_CHUNK)))))
                    .forEach(d -> scored.put(d.getString("itemId"), metrics(d)));
        }
        return scored;
    }

    private static int value(Annotation a, String metric) {
        return (int) Math.round(a.metrics().get(metric));
    }

    private static Map<String, Double> metrics(Document score) {
        Map<String, Double> values = new TreeMap<>();
        for (Document m : score.getList("metrics", Document.class, List.of())) {
            if (m.get("value") instanceof Number v) {
                values.put(m.getString("name"), v.doubleValue());
            }
        }
        return values;
    }
}
