package dev.cvalues.report.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cvalues.contracts.events.AlertEvent;
import java.util.List;

/**
 * Two runs side by side, per suite, category, scorer and proportion metric: the base and candidate values with
 * their n, the difference with its 95% interval, the test and its corrected p-value, and what it means.
 *
 * @param verdict  {@code regressed} when any cell regressed; else {@code inconclusive} when a cell of the base is
 *                 missing in the candidate or covered below {@code minCoverage} of the base's coverage; else
 *                 {@code improved} when any improved; else {@code unchanged}
 * @param coverage the cells that make the verdict inconclusive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunComparison(String baseRunId, String candidateRunId, String verdict, Thresholds thresholds,
        List<Cell> cells, List<AlertEvent.CoverageGap> coverage) {

    public static final String INCONCLUSIVE = "inconclusive";
    public static final String MISSING = "missing";
    public static final String LOW_COVERAGE = "low_coverage";

    public static final String REGRESSED = "regressed";
    public static final String IMPROVED = "improved";
    public static final String UNCHANGED = "unchanged";
    /** A significant change of a metric with no better direction (refusals, for one). */
    public static final String CHANGED = "changed";

    /**
     * @param direction      which way is better for the metric: higher, lower or none
     * @param adjustedPValue Holm-corrected over the categories of the same suite, scorer and metric (the
     *                       {@code all} row is its own family)
     * @param change         regressed, improved, changed or unchanged
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cell(String suite, String category, String scorer, String metric, String direction, double base,
            long baseN, double candidate, long candidateN, double difference, double low, double high, double pValue,
            double adjustedPValue, String change, Double baseCoverage, Double candidateCoverage) {
    }
}
