package dev.cvalues.scoring.scorer.judge;

import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.scoring.scorer.Verdict;
import java.util.List;

/**
 * What a judge scorer read in its judge's answer: the label ({@link JudgeScorer#UNPARSED} with no metric when
 * nothing can be read with certainty), its metrics, the rule that decided, and the judge's own reason if it gave one.
 */
public record JudgeReading(String label, List<MetricValue> metrics, String rule, String reason) {

    static JudgeReading unparsed(String why) {
        return new JudgeReading(JudgeScorer.UNPARSED, List.of(), why, null);
    }

    /** The score's rationale: the judge's reason, else the rule. */
    public Verdict verdict() {
        return new Verdict(label, metrics, reason != null && !reason.isBlank() ? reason : rule);
    }
}
