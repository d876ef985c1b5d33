package dev.cvalues.scoring.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The stages' counters, registered once per scorer and label rather than looked up per message. */
@ApplicationScoped
public class ScoreMeters {

    private final MeterRegistry registry;
    private final Map<String, Map<String, Counter>> scores = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

    public ScoreMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** cvalues.scoring.scores{scorer,label}: a score emitted. */
    public void scored(String scorerId, String label) {
        scores.computeIfAbsent(scorerId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(label, l -> Counter.builder("cvalues.scoring.scores").tags("scorer", scorerId, "label", l)
                        .description("Scores emitted, by scorer and label").register(registry))
                .increment();
    }

    /** cvalues.scoring.skipped{scorer}: a response the scorer does not apply to. */
    public void skipped(String scorerId) {
        skipped.computeIfAbsent(scorerId, id -> Counter.builder("cvalues.scoring.skipped").tag("scorer", id)
                .description("Responses a scorer does not apply to").register(registry)).increment();
    }
}
