package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.report.Collections;
import dev.cvalues.report.run.ScorerRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** cvalues.scorers → {@code scorers}: the set of scorers, learnt from the scorers themselves. */
@ApplicationScoped
public class ScorerEvents {

    private final BatchMaterialiser materialiser;
    private final Collections collections;
    private final ScorerRegistry registry;

    public ScorerEvents(BatchMaterialiser materialiser, Collections collections, ScorerRegistry registry) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.registry = registry;
    }

    @Incoming("scorers-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        materialiser.materialise(batch, Topics.SCORERS, ScorerAnnouncement.class, e -> {
            Document doc = new Document("_id", e.scorerId())
                    .append("version", e.version())
                    .append("metricKind", e.metricKind())
                    .append("metrics", e.metrics())
                    .append("metricKinds", e.metricKinds() == null ? null : new Document(e.metricKinds()))
                    .append("directions", e.directions() == null ? null : new Document(e.directions()))
                    .append("appliesTo", e.appliesTo().stream().map(ItemKind::wireName).toList())
                    .append("choicesWithin", e.choicesWithin())
                    .append("reviewLabel", e.reviewLabel())
                    .append("resolutions", e.resolutions())
                    .append("description", e.description())
                    .append("announcedAt", Date.from(e.announcedAt()));
            return new BatchMaterialiser.Write(collections.scorers(),
                    new ReplaceOneModel<>(Filters.eq("_id", e.scorerId()), doc, new ReplaceOptions().upsert(true)));
        }).forEach(registry::learn);
        return CompletableFuture.completedFuture(null);
    }
}
