package dev.cvalues.report.run;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.report.Collections;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * The scorers report-service knows of, learnt from their announcements on cvalues.scorers (and from the
 * {@code scorers} collection at startup). Never a list of its own: a new scorer appears by announcing itself.
 */
@ApplicationScoped
public class ScorerRegistry {

    /** What a scorer said it applies to (see {@link ScorerAnnouncement#applies}). */
    public record KnownScorer(String id, String version, String metricKind, List<String> metrics,
            Map<String, String> metricKinds, Map<String, String> directions, List<ItemKind> appliesTo,
            List<String> choicesWithin, String reviewLabel, List<String> resolutions) {

        /** Which way is better: {@code higher} (the default), {@code lower} or {@code none}. */
        public String directionOf(String metric) {
            return directions != null && directions.containsKey(metric) ? directions.get(metric)
                    : ScorerAnnouncement.HIGHER;
        }

        public String kindOf(String metric) {
            return metricKinds != null && metricKinds.containsKey(metric) ? metricKinds.get(metric) : metricKind;
        }

        /** Choice and binary metrics are 0/1 per item: their averages are proportions. */
        public boolean proportion(String metric) {
            String kind = kindOf(metric);
            return "choice".equals(kind) || "binary".equals(kind);
        }

        public boolean appliesTo(String kind, List<String> choices) {
            return ScorerAnnouncement.applies(appliesTo, choicesWithin, wire(kind), choices);
        }

        private static ItemKind wire(String name) {
            for (ItemKind k : ItemKind.values()) {
                if (k.wireName().equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Map<String, KnownScorer> scorers = new ConcurrentHashMap<>();
    private final Collections collections;

    public ScorerRegistry(Collections collections) {
        this.collections = collections;
    }

    void load(@Observes StartupEvent event) {
        for (Document d : collections.scorers().find()) {
            List<ItemKind> kinds = d.getList("appliesTo", String.class).stream().map(KnownScorer::wire)
                    .filter(java.util.Objects::nonNull).toList();
            scorers.put(d.getString("_id"), new KnownScorer(d.getString("_id"), d.getString("version"),
                    d.getString("metricKind"), d.getList("metrics", String.class, List.of()),
                    stringMap(d.get("metricKinds", Document.class)), stringMap(d.get("directions", Document.class)), kinds,
                    d.getList("choicesWithin", String.class), d.getString("reviewLabel"),
                    d.getList("resolutions", String.class)));
        }
    }

    private static Map<String, String> stringMap(Document d) {
        Map<String, String> map = new TreeMap<>();
        if (d != null) {
            d.forEach((k, v) -> map.put(k, String.valueOf(v)));
        }
        return map;
    }

    public void learn(ScorerAnnouncement a) {
        scorers.put(a.scorerId(), new KnownScorer(a.scorerId(), a.version(), a.metricKind(), a.metrics(),
                a.metricKinds() == null ? Map.of() : a.metricKinds(), a.directions() == null ? Map.of() : a.directions(),
                a.appliesTo(), a.choicesWithin(), a.reviewLabel(),
                a.resolutions()));
    }

    public java.util.Optional<KnownScorer> find(String id) {
        return java.util.Optional.ofNullable(scorers.get(id));
    }

    public List<KnownScorer> all() {
        return List.copyOf(new TreeMap<>(scorers).values());
    }
}
