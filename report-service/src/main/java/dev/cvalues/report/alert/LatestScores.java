package dev.cvalues.report.alert;

import dev.cvalues.report.scorecard.ScorecardRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauge {@code cvalues.report.score{model,version,suite,category,scorer,metric}}: the latest completed run's
 * value per model version (never a run or item id as a tag), for Prometheus to chart drift and alert on it.
 */
@ApplicationScoped
public class LatestScores {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public LatestScores(MeterRegistry registry) {
        this.registry = registry;
    }

    public void update(String model, String version, List<ScorecardRow> rows) {
        for (ScorecardRow row : rows) {
            if (row.difficulty() != null) {
                continue;
            }
            Tags tags = Tags.of("model", model, "version", version, "suite", row.suite(), "category", row.category(),
                    "scorer", row.scorer(), "metric", row.metric());
            values.computeIfAbsent(tags, t -> {
                AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                Gauge.builder("cvalues.report.score", holder, AtomicReference::get).tags(t)
                        .description("Latest completed run's value per model version, suite, category, scorer, metric")
                        .register(registry);
                return holder;
            }).set(row.value());
        }
    }
}
