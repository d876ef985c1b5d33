package dev.cvalues.report.alert;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import dev.cvalues.report.Collections;
import dev.cvalues.report.scorecard.ScorecardRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;

/**
 * Gauge {@code cvalues.report.score{model,version,suite,category,scorer,metric}}: the latest completed run's
 * value per model version (never a run or item id as a tag), for Prometheus to chart drift and alert on it.
 */
@ApplicationScoped
public class LatestScores {

    private final MeterRegistry registry;
    private final Collections collections;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public LatestScores(MeterRegistry registry, Collections collections) {
        this.registry = registry;
        this.collections = collections;
    }

    /** After a restart, the gauges start from the stored scorecards: the latest run of each version. */
    void restore(@Observes StartupEvent event) {
        for (Document g : collections.scorecards().aggregate(List.of(Aggregates.sort(Sorts.ascending("completedAt")),
                Aggregates.group(new Document("model", "$model").append("version", "$version").append("suite", "$suite")
                        .append("category", "$category").append("scorer", "$scorer").append("metric", "$metric"),
                        Accumulators.last("value", "$value"))))) {
            Document k = g.get("_id", Document.class);
            set(k.getString("model"), k.getString("version"), k.getString("suite"), k.getString("category"),
                    k.getString("scorer"), k.getString("metric"), g.get("value") instanceof Number v ? v.doubleValue()
                            : Double.NaN);
        }
    }

    public void update(String model, String version, List<ScorecardRow> rows) {
        for (ScorecardRow row : rows) {
            if (row.difficulty() == null) {
                set(model, version, row.suite(), row.category(), row.scorer(), row.metric(),
                        row.value() == null ? Double.NaN : row.value());
            }
        }
    }

    private void set(String model, String version, String suite, String category, String scorer, String metric,
            double value) {
        Tags tags = Tags.of("model", model, "version", version, "suite", suite, "category", category, "scorer", scorer,
                "metric", metric);
        values.computeIfAbsent(tags, t -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder("cvalues.report.score", holder, AtomicReference::get).tags(t)
                    .description("Latest completed run's value per model version, suite, category, scorer, metric")
                    .register(registry);
            return holder;
        }).set(value);
    }
}
