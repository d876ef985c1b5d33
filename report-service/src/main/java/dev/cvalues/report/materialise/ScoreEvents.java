package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.run.RunProgress;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * cvalues.scores → {@code scores}: one document per runId:itemId:scorerId (and per annotator, for the people of
 * scorer {@code human}: runId:itemId:human:annotator, a later annotation by the same person replacing the
 * earlier one). A reviewed score (one carrying a
 * person's review) replaces whatever the scorer wrote; a scorer's own score never replaces a reviewed one,
 * even when it is delivered again later.
 */
@ApplicationScoped
public class ScoreEvents {

    private final BatchMaterialiser materialiser;
    private final Collections collections;
    private final RunProgress progress;

    public ScoreEvents(BatchMaterialiser materialiser, Collections collections, RunProgress progress) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.progress = progress;
    }

    @Incoming("scores-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<ScoreEvent> events = materialiser.materialise(batch, Topics.SCORES, ScoreEvent.class, e -> {
            Document doc = document(e);
            Bson filter = e.review() != null || e.annotator() != null ? Filters.eq("_id", doc.getString("_id"))
                    : Filters.and(Filters.eq("_id", doc.getString("_id")), Filters.eq("review", null));
            return new BatchMaterialiser.Write(collections.scores(),
                    new ReplaceOneModel<>(filter, doc, new ReplaceOptions().upsert(true)));
        });
        events.stream().map(ScoreEvent::runId).distinct().forEach(progress::touch);
        return CompletableFuture.completedFuture(null);
    }

    static Document document(ScoreEvent e) {
        return ResponseEvents.itemInfo(e.runId(), e.itemId(), e.item())
                .append("_id", Topics.itemKey(e.runId(), e.itemId()) + ":" + e.scorerId()
                        + (e.annotator() == null ? "" : ":" + e.annotator()))
                .append("annotator", e.annotator())
                .append("cost", e.cost() == null ? null
                        : new Document("amount", e.cost().amount()).append("currency", e.cost().currency()))
                .append("scorerId", e.scorerId())
                .append("scorerVersion", e.scorerVersion())
                .append("label", e.label())
                .append("metrics", e.metrics().stream()
                        .map(m -> new Document("name", m.name()).append("value", m.value())).toList())
                .append("rationale", e.rationale())
                .append("scoredAt", Date.from(e.scoredAt()))
                .append("review", e.review() == null ? null : new Document("reviewer", e.review().reviewer())
                        .append("reviewedAt", Date.from(e.review().reviewedAt()))
                        .append("originalLabel", e.review().originalLabel())
                        .append("comment", e.review().comment()));
    }
}
