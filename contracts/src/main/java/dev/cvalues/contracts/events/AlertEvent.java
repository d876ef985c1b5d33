package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;

/**
 * A model version's verdict against its baseline, on {@code cvalues.alerts}, keyed by model id: published when
 * a run of a versioned model completes. {@code changes} lists the cells (suite, category, scorer, metric) that
 * changed significantly (after Holm's correction over the categories of one metric) by at least the threshold.
 *
 * @param alertId       the candidate run's id: one verdict per run
 * @param baseRunId     the baseline's run; absent for a model's first version
 * @param coverage      the cells whose coverage makes the verdict inconclusive: missing in the candidate, or
 *                      covered less than the policy's share of the baseline's coverage (absent: none)
 */
public record AlertEvent(int schemaVersion, String alertId, String model, String version, String baselineVersion,
        String baseRunId, String candidateRunId, Verdict verdict, List<Change> changes, Instant occurredAt,
        List<CoverageGap> coverage) implements Event {

    public AlertEvent(int schemaVersion, String alertId, String model, String version, String baselineVersion,
            String baseRunId, String candidateRunId, Verdict verdict, List<Change> changes, Instant occurredAt) {
        this(schemaVersion, alertId, model, version, baselineVersion, baseRunId, candidateRunId, verdict, changes,
                occurredAt, null);
    }

    public enum Verdict {
        @JsonProperty("regressed")
        REGRESSED,
        @JsonProperty("improved")
        IMPROVED,
        @JsonProperty("unchanged")
        UNCHANGED,
        /** The model's first evaluated version: nothing to compare with, it becomes the baseline. */
        @JsonProperty("baseline")
        BASELINE,
        /**
         * Too little of the candidate could be read (failed calls, unreadable readings, missing cells) to say it is
         * unchanged or improved: never accepted, never a baseline.
         */
        @JsonProperty("inconclusive")
        INCONCLUSIVE
    }

    /**
     * A cell the verdict cannot rest on: {@code problem} {@code missing} (the candidate has no reading there) or
     * {@code low_coverage} (below {@code minCoverage} of the baseline's coverage, or of all items for a first version).
     */
    public record CoverageGap(String suite, String category, String scorer, String metric, Double baseCoverage,
            Double candidateCoverage, String problem) {
    }

    /**
     * One significant change: proportions of base and candidate, the difference (candidate - base) with its 95%
     * interval, and the test's p-value before and after correction.
     */
    public record Change(String suite, String category, String scorer, String metric, String direction, double base,
            long baseN, double candidate, long candidateN, double difference, double low, double high, double pValue,
            double adjustedPValue) {
    }

    @Override
    public void validate() {
        require(alertId, "alertId");
        require(model, "model");
        require(version, "version");
        require(candidateRunId, "candidateRunId");
        require(verdict, "verdict");
        require(changes, "changes");
        require(occurredAt, "occurredAt");
    }
}
