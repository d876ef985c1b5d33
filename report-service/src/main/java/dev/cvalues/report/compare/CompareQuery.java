package dev.cvalues.report.compare;

import dev.cvalues.contracts.events.AlertEvent;
import dev.cvalues.report.run.ScorerRegistry;
import dev.cvalues.report.scorecard.ScorecardQuery;
import dev.cvalues.report.scorecard.ScorecardRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two runs from their scorecards: every proportion and scale metric (not the additions) present in
 * both, per suite and category; a cell of the base that the candidate lacks or covers too little makes the verdict
 * inconclusive rather than unchanged. Each cell gets a two-proportion z-test (scales: Welch's t-test on the means); within one suite, scorer and metric the
 * categories form a family whose p-values are Holm-corrected, so comparing ten categories does not give ten
 * chances of a false alarm.
 */
@ApplicationScoped
public class CompareQuery {

    private final ScorecardQuery scorecards;
    private final ScorerRegistry scorers;

    public CompareQuery(ScorecardQuery scorecards, ScorerRegistry scorers) {
        this.scorecards = scorecards;
        this.scorers = scorers;
    }

    private record Key(String suite, String category, String scorer, String metric) {
    }

    public RunComparison compare(String baseRunId, String candidateRunId, Thresholds thresholds) {
        return compare(baseRunId, candidateRunId, scorecards.scorecard(candidateRunId), thresholds);
    }

    /** As above, with the candidate's scorecard already at hand. */
    public RunComparison compare(String baseRunId, String candidateRunId, List<ScorecardRow> candidateRows,
            Thresholds thresholds) {
        Map<Key, ScorecardRow> base = comparable(scorecards.scorecard(baseRunId));
        Map<Key, ScorecardRow> candidate = comparable(candidateRows);
        List<AlertEvent.CoverageGap> gaps = gaps(base, candidate, candidateRows, thresholds.minCoverageOrDefault());

        Map<List<String>, List<Key>> families = new LinkedHashMap<>();
        for (Key key : candidate.keySet()) {
            if (base.containsKey(key)) {
                String family = ScorecardQuery.ALL.equals(key.category()) ? ScorecardQuery.ALL : "categories";
                families.computeIfAbsent(List.of(key.suite(), key.scorer(), key.metric(), family),
                        f -> new ArrayList<>()).add(key);
            }
        }
        List<RunComparison.Cell> cells = new ArrayList<>();
        for (List<Key> family : families.values()) {
            List<ProportionTest.Result> results = family.stream().map(k -> test(base.get(k), candidate.get(k))).toList();
            double[] adjusted = ProportionTest.holm(results.stream().mapToDouble(ProportionTest.Result::pValue).toArray());
            for (int i = 0; i < family.size(); i++) {
                Key k = family.get(i);
                ProportionTest.Result r = results.get(i);
                String direction = scorers.find(k.scorer()).map(s -> s.directionOf(k.metric())).orElse("higher");
                cells.add(new RunComparison.Cell(k.suite(), k.category(), k.scorer(), k.metric(), direction, r.base(),
                        base.get(k).n(), r.candidate(), candidate.get(k).n(), r.difference(), r.low(), r.high(),
                        r.pValue(), adjusted[i], change(r, adjusted[i], direction,
                                thresholds.alphaOrDefault(), thresholds.minDeltaFor(k.scorer(), k.metric())),
                        base.get(k).coverage(), candidate.get(k).coverage()));
            }
        }
        boolean regressed = cells.stream().anyMatch(c -> c.change().equals(RunComparison.REGRESSED));
        boolean improved = cells.stream().anyMatch(c -> c.change().equals(RunComparison.IMPROVED));
        String verdict = regressed ? RunComparison.REGRESSED : !gaps.isEmpty() ? RunComparison.INCONCLUSIVE
                : improved ? RunComparison.IMPROVED : RunComparison.UNCHANGED;
        return new RunComparison(baseRunId, candidateRunId, verdict, thresholds, cells, gaps.isEmpty() ? null : gaps);
    }

    /**
     * The base's cells the candidate cannot answer for: missing (no row, or no reading in it), or read for a smaller
     * share of its items than {@code minCoverage} of the base's share.
     */
    private static List<AlertEvent.CoverageGap> gaps(Map<Key, ScorecardRow> base, Map<Key, ScorecardRow> candidate,
            List<ScorecardRow> candidateRows, double minCoverage) {
        Map<Key, ScorecardRow> all = new LinkedHashMap<>();
        for (ScorecardRow row : candidateRows) {
            if (row.difficulty() == null && row.addition() == null) {
                all.put(new Key(row.suite(), row.category(), row.scorer(), row.metric()), row);
            }
        }
        List<AlertEvent.CoverageGap> gaps = new ArrayList<>();
        base.forEach((key, b) -> {
            ScorecardRow c = candidate.get(key);
            Double candidateCoverage = all.containsKey(key) ? all.get(key).coverage() : null;
            if (c == null) {
                gaps.add(new AlertEvent.CoverageGap(key.suite(), key.category(), key.scorer(), key.metric(), b.coverage(),
                        candidateCoverage, RunComparison.MISSING));
            } else if (b.coverage() != null && (c.coverage() == null || c.coverage() < minCoverage * b.coverage())) {
                gaps.add(new AlertEvent.CoverageGap(key.suite(), key.category(), key.scorer(), key.metric(), b.coverage(),
                        c.coverage(), RunComparison.LOW_COVERAGE));
            }
        });
        return gaps;
    }

    /** A model's first version: the cells read for less than {@code minCoverage} of their items. */
    public static List<AlertEvent.CoverageGap> firstVersionGaps(List<ScorecardRow> rows, double minCoverage) {
        List<AlertEvent.CoverageGap> gaps = new ArrayList<>();
        for (ScorecardRow row : rows) {
            if (row.difficulty() == null && row.addition() == null && row.coverage() != null
                    && row.coverage() < minCoverage) {
                gaps.add(new AlertEvent.CoverageGap(row.suite(), row.category(), row.scorer(), row.metric(), null,
                        row.coverage(), RunComparison.LOW_COVERAGE));
            }
        }
        return gaps;
    }

    static String change(ProportionTest.Result r, double adjustedP, String direction, double alpha, double minDelta) {
        if (adjustedP >= alpha || Math.abs(r.difference()) < minDelta || r.difference() == 0) {
            return RunComparison.UNCHANGED;
        }
        if ("none".equals(direction)) {
            return RunComparison.CHANGED;
        }
        boolean better = "lower".equals(direction) ? r.difference() < 0 : r.difference() > 0;
        return better ? RunComparison.IMPROVED : RunComparison.REGRESSED;
    }

    /** Proportions: two-proportion z-test; scale metrics: Welch's t-test on the means. */
    private static ProportionTest.Result test(ScorecardRow base, ScorecardRow candidate) {
        return base.ciLow() != null
                ? ProportionTest.compare(base.sum(), base.n(), candidate.sum(), candidate.n())
                : ProportionTest.compareMeans(base.n(), base.sum(), base.sumSquares(), candidate.n(), candidate.sum(),
                        candidate.sumSquares());
    }

    /** The official and judged metrics of a scorecard (proportions, and scales with n >= 2), by cell. */
    private static Map<Key, ScorecardRow> comparable(List<ScorecardRow> rows) {
        Map<Key, ScorecardRow> byKey = new LinkedHashMap<>();
        for (ScorecardRow row : rows) {
            boolean testable = row.ciLow() != null ? row.n() > 0 : row.sumSquares() != null && row.n() >= 2;
            if (row.difficulty() == null && row.addition() == null && testable) {
                byKey.put(new Key(row.suite(), row.category(), row.scorer(), row.metric()), row);
            }
        }
        return byKey;
    }
}
