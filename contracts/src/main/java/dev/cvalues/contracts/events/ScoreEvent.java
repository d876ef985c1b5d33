package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;

/**
 * One scorer's verdict on one response, on {@code cvalues.scores}, keyed {@code runId:itemId}.
 *
 * @param label     the scorer's reading of the response, for {@code mc-official} one of
 *                  {@code 回复1 回复2 Other Refuse Need_Check}
 * @param metrics   metric values; a scorecard averages each metric over the items that carry it
 * @param rationale why the scorer decided so (for rule-based scorers: the rule that fired)
 * @param review    present when a person resolved the scorer's reading: this score then stands for the item
 *                  whatever the scorer itself emits later
 * @param annotator the person whose annotation this is (scorer {@code human}): an item has one score per
 *                  annotator, so several people can annotate it
 * @param cost      what producing the score cost (a judge's call, at the judge model's price); absent: free
 */
public record ScoreEvent(int schemaVersion, String runId, String itemId, ItemInfo item, String scorerId,
        String scorerVersion, String label, List<MetricValue> metrics, String rationale, Instant scoredAt,
        Review review, String annotator, Cost cost) implements Event {

    public ScoreEvent(String runId, String itemId, ItemInfo item, String scorerId, String scorerVersion, String label,
            List<MetricValue> metrics, String rationale, Instant scoredAt) {
        this(SCHEMA_VERSION, runId, itemId, item, scorerId, scorerVersion, label, metrics, rationale, scoredAt, null, null, null);
    }

    public ScoreEvent(int schemaVersion, String runId, String itemId, ItemInfo item, String scorerId,
            String scorerVersion, String label, List<MetricValue> metrics, String rationale, Instant scoredAt,
            Review review) {
        this(schemaVersion, runId, itemId, item, scorerId, scorerVersion, label, metrics, rationale, scoredAt, review,
                null, null);
    }

    @Override
    public void validate() {
        ItemInfo.requireItemEvent(runId, itemId, item);
        require(scorerId, "scorerId");
        require(scorerVersion, "scorerVersion");
        require(metrics, "metrics");
        for (int i = 0; i < metrics.size(); i++) {
            require(metrics.get(i), "metrics[" + i + "]");
            require(metrics.get(i).name(), "metrics[" + i + "].name");
        }
        require(scoredAt, "scoredAt");
    }
}
