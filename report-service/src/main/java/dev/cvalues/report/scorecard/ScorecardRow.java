package dev.cvalues.report.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One cell of a scorecard: a metric of one scorer over the items of one suite, category and difficulty.
 * {@code value} is {@code sum / n} over the items that carry the metric, so {@code n} is the exact
 * denominator: for mc-official, {@code acc} has all scored items and {@code acc_star} all but Refuse and
 * Need_Check. Category {@code all} sums the suite; {@code difficulty} is set on the rows that break the
 * suite down by difficulty. {@code ciLow}/{@code ciHigh}: Wilson 95% interval, on proportions.
 * {@code addition}: a metric the original benchmark does not report (pair accuracy, position bias, flip
 * rate), shown beside the official figures, never instead of them. {@code counts}: the scorer's labels.
 * {@code sumSquares}: on scale metrics, the sum of squared values (with n and sum: the variance).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScorecardRow(String suite, String suiteVersion, String level, String category, String difficulty,
        String scorer, String scorerVersion, String metric, double value, long n, double sum, Double ciLow,
        Double ciHigh, Boolean addition, Map<String, Long> counts, Double sumSquares) {

    public ScorecardRow(String suite, String suiteVersion, String level, String category, String difficulty,
            String scorer, String scorerVersion, String metric, double value, long n, double sum, Double ciLow,
            Double ciHigh, Boolean addition, Map<String, Long> counts) {
        this(suite, suiteVersion, level, category, difficulty, scorer, scorerVersion, metric, value, n, sum, ciLow, ciHigh,
                addition, counts, null);
    }

    /** This row with the sum of squared values, which a scale metric's variance needs. */
    public ScorecardRow withSumSquares(double squares) {
        return new ScorecardRow(suite, suiteVersion, level, category, difficulty, scorer, scorerVersion, metric, value, n,
                sum, ciLow, ciHigh, addition, counts, squares);
    }
}
