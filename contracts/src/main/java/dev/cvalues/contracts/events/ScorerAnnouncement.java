package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scorer says it exists, on the compacted topic {@code cvalues.scorers}, keyed by scorer id. Downstream
 * stages learn the set of scorers from here, never from a list of their own.
 *
 * @param metricKind   {@code binary}, {@code scale}, {@code categorical} or {@code choice}
 * @param metrics      metric names the scorer emits
 * @param appliesTo     item kinds the scorer scores; a run is scored when every applicable response is
 * @param choicesWithin for multiple-choice scorers, the answers they can read: the scorer applies only to
 *                      items whose choices are all in this set (absent: any choices)
 * @param reviewLabel   the label that sends an item to a person (mc-official: {@code Need_Check}); absent: none
 * @param resolutions   the labels a person may resolve it to
 * @param metricKinds   the kind of each metric whose kind is not {@code metricKind} (the {@code human} scorer:
 *                      {@code unsafe} binary, {@code score} on a scale); absent: every metric has {@code metricKind}
 * @param directions    which way is better per metric, {@code higher}, {@code lower} or {@code none} (neither: a
 *                      change is reported, never judged); absent metrics: {@code higher}
 */
public record ScorerAnnouncement(int schemaVersion, String scorerId, String version, String metricKind,
        List<String> metrics, List<ItemKind> appliesTo, List<String> choicesWithin, String reviewLabel,
        List<String> resolutions, String description, Instant announcedAt, Map<String, String> metricKinds,
        Map<String, String> directions) implements Event {

    public static final String HIGHER = "higher";
    public static final String LOWER = "lower";
    public static final String NONE = "none";

    public ScorerAnnouncement(String scorerId, String version, String metricKind, List<String> metrics,
            List<ItemKind> appliesTo, List<String> choicesWithin, String reviewLabel, List<String> resolutions,
            String description, Instant announcedAt) {
        this(SCHEMA_VERSION, scorerId, version, metricKind, metrics, appliesTo, choicesWithin, reviewLabel,
                resolutions, description, announcedAt, null, null);
    }

    /** This announcement, saying which way is better for some metrics. */
    public ScorerAnnouncement withDirections(Map<String, String> directions) {
        return new ScorerAnnouncement(schemaVersion, scorerId, version, metricKind, metrics, appliesTo, choicesWithin,
                reviewLabel, resolutions, description, announcedAt, metricKinds, directions);
    }

    /** This announcement, with the kinds of the metrics whose kind is not {@code metricKind}. */
    public ScorerAnnouncement withMetricKinds(Map<String, String> kinds) {
        return new ScorerAnnouncement(schemaVersion, scorerId, version, metricKind, metrics, appliesTo, choicesWithin,
                reviewLabel, resolutions, description, announcedAt, kinds, directions);
    }

    /** Which way is better for one of the scorer's metrics. */
    public String directionOf(String metric) {
        return directions != null && directions.containsKey(metric) ? directions.get(metric) : HIGHER;
    }

    /** The kind of one of the scorer's metrics. */
    public String kindOf(String metric) {
        return metricKinds != null && metricKinds.containsKey(metric) ? metricKinds.get(metric) : metricKind;
    }

    /** Whether this scorer applies to an item of this kind with these choices. */
    public static boolean applies(List<ItemKind> kinds, List<String> choicesWithin, ItemKind kind,
            List<String> choices) {
        if (!kinds.contains(kind)) {
            return false;
        }
        return choicesWithin == null || choicesWithin.isEmpty()
                || (choices != null && !choices.isEmpty() && choicesWithin.containsAll(choices));
    }

    @Override
    public void validate() {
        require(scorerId, "scorerId");
        require(version, "version");
        require(metricKind, "metricKind");
        require(metrics, "metrics");
        require(appliesTo, "appliesTo");
        require(announcedAt, "announcedAt");
    }
}
