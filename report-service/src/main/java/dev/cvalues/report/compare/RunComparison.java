package dev.cvalues.report.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Two runs side by side, per suite, category, scorer and proportion metric: the base and candidate values with
 * their n, the difference with its 95% interval, the test and its corrected p-value, and what it means.
 *
 * @param verdict {@code regressed} when any cell regressed, else {@code improved} when any improved, else
 *                {@code unchanged}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunComparison(String baseRunId, String candidateRunId, String verdict, Thresholds thresholds,
        List<Cell> cells) {

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
            double adjustedPValue, String change) {
    }
}
