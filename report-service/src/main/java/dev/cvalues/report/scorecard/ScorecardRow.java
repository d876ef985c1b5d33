package dev.cvalues.report.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One cell of a scorecard: a metric of one scorer over the items of one suite, category and difficulty.
 * {@code value} is {@code sum / n} over the items that carry the metric, so {@code n} is the exact
 * denominator: for mc-official, {@code acc} has all scored items and {@code acc_star} all but Refuse and
 * Need_Check; null when no item carries it. Category {@code all} sums the suite; {@code difficulty} is set on the
 * rows that break the suite down by difficulty. {@code ciLow}/{@code ciHigh}: Wilson 95% interval, on proportions.
 * {@code addition}: a metric the original benchmark does not report (pair accuracy, position bias, flip
 * rate), shown beside the official figures, never instead of them. {@code counts}: the scorer's labels.
 * {@code sumSquares}: on scale metrics, the sum of squared values (with n and sum: the variance).
 * <p>
 * Coverage, beside {@code n}: {@code applicable} items the scorer applies to in the cell, {@code unscored} how many
 * of them it could not read and why ({@code failed}: the model's call failed; {@code judge_failed},
 * {@code unparsed}, the scorer's review label such as {@code Need_Check}; {@code missing}: no reading yet;
 * {@code no_judge} and {@code no_reference}: nothing to ask, which leaves the item out of coverage), and
 * {@code coverage} the share of the items it could be asked about that it read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScorecardRow(String suite, String suiteVersion, String level, String category, String difficulty,
        String scorer, String scorerVersion, String metric, Double value, long n, double sum, Double ciLow,
        Double ciHigh, Boolean addition, Map<String, Long> counts, Double sumSquares, Long applicable,
        Map<String, Long> unscored, Double coverage) {

    public ScorecardRow(String suite, String suiteVersion, String level, String category, String difficulty,
            String scorer, String scorerVersion, String metric, Double value, long n, double sum, Double ciLow,
            Double ciHigh, Boolean addition, Map<String, Long> counts) {
        this(suite, suiteVersion, level, category, difficulty, scorer, scorerVersion, metric, value, n, sum, ciLow, ciHigh,
                addition, counts, null, null, null, null);
    }

    /** This row with the sum of squared values, which a scale metric's variance needs. */
    public ScorecardRow withSumSquares(double squares) {
        return new ScorecardRow(suite, suiteVersion, level, category, difficulty, scorer, scorerVersion, metric, value, n,
                sum, ciLow, ciHigh, addition, counts, squares, applicable, unscored, coverage);
    }

    /** This row with the coverage of its scorer in its cell. */
    public ScorecardRow withCoverage(long applicableItems, Map<String, Long> unscoredItems, Double share) {
        return new ScorecardRow(suite, suiteVersion, level, category, difficulty, scorer, scorerVersion, metric, value, n,
                sum, ciLow, ciHigh, addition, counts, sumSquares, applicableItems, unscoredItems, share);
    }
}
