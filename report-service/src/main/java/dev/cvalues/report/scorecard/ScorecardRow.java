package dev.cvalues.report.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One cell of a scorecard: a metric of one scorer over the items of one suite and category. {@code value}
 * is {@code sum / n} over the items that carry the metric, so {@code n} is the exact denominator: for
 * mc-official, {@code acc} has all scored items and {@code acc_star} all but Refuse and Need_Check.
 * {@code counts} are the scorer's labels over the cell's items. Category {@code all} sums the suite.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScorecardRow(String suite, String suiteVersion, String level, String category, String scorer,
        String scorerVersion, String metric, double value, long n, double sum, Map<String, Long> counts) {
}
