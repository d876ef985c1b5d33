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
 */
public record AlertEvent(int schemaVersion, String alertId, String model, String version, String baselineVersion,
        String baseRunId, String candidateRunId, Verdict verdict, List<Change> changes, Instant occurredAt)
        implements Event {

    public enum Verdict {
        @JsonProperty("regressed")
        REGRESSED,
        @JsonProperty("improved")
        IMPROVED,
        @JsonProperty("unchanged")
        UNCHANGED,
        /** The model's first evaluated version: nothing to compare with, it becomes the baseline. */
        @JsonProperty("baseline")
        BASELINE
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
