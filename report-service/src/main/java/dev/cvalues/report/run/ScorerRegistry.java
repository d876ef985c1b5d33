package dev.cvalues.report.run;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.report.Collections;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * The scorers report-service knows of, learnt from their announcements on cvalues.scorers (and from the
 * {@code scorers} collection at startup). Never a list of its own: a new scorer appears by announcing itself.
 */
@ApplicationScoped
public class ScorerRegistry {

    /** @param appliesTo item kinds, by wire name */
    public record KnownScorer(String id, String version, Set<String> appliesTo) {
    }

    private final Map<String, KnownScorer> scorers = new ConcurrentHashMap<>();
    private final Collections collections;

    public ScorerRegistry(Collections collections) {
        this.collections = collections;
    }

    void load(@Observes StartupEvent event) {
        for (Document d : collections.scorers().find()) {
            scorers.put(d.getString("_id"), new KnownScorer(d.getString("_id"), d.getString("version"),
                    Set.copyOf(d.getList("appliesTo", String.class))));
        }
    }

    public void learn(ScorerAnnouncement a) {
        scorers.put(a.scorerId(), new KnownScorer(a.scorerId(), a.version(),
                Set.copyOf(a.appliesTo().stream().map(ItemKind::wireName).toList())));
    }

    public List<KnownScorer> all() {
        return List.copyOf(new TreeMap<>(scorers).values());
    }
}
