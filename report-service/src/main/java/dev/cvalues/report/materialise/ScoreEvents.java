package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
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
        List<ScoreEvent> events = materialiser.materialiseBatch(batch, Topics.SCORES, ScoreEvent.class, decoded -> {
            Set<String> reviewed = reviewedIds(decoded);
            List<BatchMaterialiser.Write> writes = new ArrayList<>();
            // every scorer's result on one item in the batch goes into one update of the item (later ones win)
            Map<String, Document> itemResults = new LinkedHashMap<>();
            for (ScoreEvent e : decoded) {
                if (e.review() == null && e.annotator() == null && reviewed.contains(scoreId(e))) {
                    continue;
                }
                Document doc = document(e);
                writes.add(new BatchMaterialiser.Write(collections.scores(), new ReplaceOneModel<>(
                        Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true))));
                if (e.annotator() == null) {
                    itemResults.computeIfAbsent(Topics.itemKey(e.runId(), e.itemId()), k -> new Document("runId",
                            e.runId()).append("itemId", e.itemId()).append("set", new Document()))
                            .get("set", Document.class).putAll(itemResult(e));
                }
            }
            itemResults.forEach((key, r) -> writes.add(new BatchMaterialiser.Write(collections.items(),
                    new UpdateOneModel<>(Filters.eq("_id", key), Updates.combine(
                            new Document("$set", r.get("set", Document.class)),
                            Updates.setOnInsert("runId", r.getString("runId")),
                            Updates.setOnInsert("itemId", r.getString("itemId"))), new UpdateOptions().upsert(true)))));
            return writes;
        });
        progress.scored(events);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The scores of this batch that a person reviewed, in the database or in the batch itself: a scorer's own
     * score must not replace them. Found with one query per batch, so that every write is by id alone.
     */
    private Set<String> reviewedIds(List<ScoreEvent> events) {
        Set<String> reviewed = new HashSet<>();
        List<String> own = new ArrayList<>();
        for (ScoreEvent e : events) {
            String id = scoreId(e);
            if (e.review() != null) {
                reviewed.add(id);
            } else if (e.annotator() == null) {
                own.add(id);
            }
        }
        if (!own.isEmpty()) {
            // by _id alone, which every MongoDB (the embedded one too) answers from the index; review checked here
            collections.scores().find(Filters.in("_id", own)).projection(new Document("review", 1))
                    .forEach(d -> {
                        if (d.get("review") != null) {
                            reviewed.add(d.getString("_id"));
                        }
                    });
        }
        return reviewed;
    }

    /**
     * The scorer's result on the item's own document too: {@code results.<scorer>} (version, label, metrics) as
     * the scorer gave it, {@code reviewed.<scorer>} when a person resolved it (readers take that one first), so
     * one document holds an item's response and every scorer's result. People's annotations stay in
     * {@code scores} only.
     */
    private static Document itemResult(ScoreEvent e) {
        String field = (e.review() != null ? "reviewed." : "results.") + e.scorerId().replaceAll("[^A-Za-z0-9_-]", "_");
        Document metrics = new Document();
        e.metrics().forEach(m -> metrics.append(m.name().replaceAll("[^A-Za-z0-9_-]", "_"), m.value()));
        Document result = new Document("version", e.scorerVersion()).append("label", e.label()).append("metrics", metrics);
        if (e.review() != null) {
            result.append("reviewer", e.review().reviewer()).append("override", e.review().override());
        }
        return new Document(field, result);
    }

    private static String scoreId(ScoreEvent e) {
        return Topics.itemKey(e.runId(), e.itemId()) + ":" + e.scorerId() + (e.annotator() == null ? "" : ":" + e.annotator());
    }

    static Document document(ScoreEvent e) {
        return ResponseEvents.itemInfo(e.runId(), e.itemId(), e.item())
                .append("_id", scoreId(e))
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
                        .append("comment", e.review().comment())
                        .append("override", e.review().override())
                        .append("reason", e.review().reason())
                        .append("previousLabel", e.review().previousLabel()));
    }
}
