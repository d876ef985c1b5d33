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
import dev.cvalues.report.run.RunTally;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

    /** Set on an item a person annotated (annotations themselves stay in {@code scores}). */
    static final String ANNOTATED = "annotated";

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
        RunTally.Delta delta = new RunTally.Delta();
        progress.counting(() -> materialiser.materialiseBatch(batch, Topics.SCORES, ScoreEvent.class, decoded -> {
            Map<String, Stored> stored = stored(decoded);
            Set<String> reviewed = new HashSet<>();
            stored.forEach((id, s) -> {
                if (s.reviewed()) {
                    reviewed.add(id);
                }
            });
            Map<String, ScoreEvent> latest = new LinkedHashMap<>();
            for (ScoreEvent e : decoded) {
                if (e.review() != null) {
                    reviewed.add(scoreId(e));
                } else if (e.annotator() == null && reviewed.contains(scoreId(e))) {
                    continue;
                }
                latest.put(scoreId(e), e);
            }
            List<BatchMaterialiser.Write> writes = new ArrayList<>();
            // every scorer's result on one item in the batch goes into one update of the item (later ones win)
            Map<String, Document> itemResults = new LinkedHashMap<>();
            latest.forEach((id, e) -> {
                Document doc = document(e);
                writes.add(new BatchMaterialiser.Write(collections.scores(), new ReplaceOneModel<>(
                        Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))));
                Stored before = stored.get(id);
                delta.score(e.runId(), e.scorerId(), before != null, before == null ? null : before.currency(),
                        before == null ? 0 : before.amount(), e.cost() == null ? null : e.cost().currency(),
                        e.cost() == null ? 0 : e.cost().amount());
                itemResults.computeIfAbsent(Topics.itemKey(e.runId(), e.itemId()), k -> new Document("runId",
                        e.runId()).append("itemId", e.itemId()).append("set", new Document()))
                        .get("set", Document.class).putAll(e.annotator() == null ? itemResult(e)
                                : new Document(ANNOTATED, true));
            });
            Set<String> scoredBefore = scoredItems(itemResults.keySet());
            itemResults.forEach((key, r) -> {
                if (!scoredBefore.contains(key)) {
                    delta.scoredItem(r.getString("runId"));
                }
                writes.add(new BatchMaterialiser.Write(collections.items(), new UpdateOneModel<>(Filters.eq("_id", key),
                        Updates.combine(new Document("$set", r.get("set", Document.class)),
                                Updates.setOnInsert("runId", r.getString("runId")),
                                Updates.setOnInsert("itemId", r.getString("itemId"))), new UpdateOptions().upsert(true))));
            });
            return writes;
        }, written -> progress.apply(delta)));
        return CompletableFuture.completedFuture(null);
    }

    /** A score document already stored: whether a person reviewed it, and what it cost. */
    private record Stored(boolean reviewed, String currency, double amount) {
    }

    /**
     * The stored scores of this batch's events, by id, found with one query per batch (by {@code _id} alone, which
     * every MongoDB, the embedded one too, answers from the index): a scorer's own score must not replace a reviewed
     * one, and the run's tally counts only new scores.
     */
    private Map<String, Stored> stored(List<ScoreEvent> events) {
        Map<String, Stored> stored = new HashMap<>();
        List<String> ids = events.stream().map(ScoreEvents::scoreId).distinct().toList();
        if (!ids.isEmpty()) {
            collections.scores().find(Filters.in("_id", ids)).projection(new Document("review", 1).append("cost", 1))
                    .forEach(d -> {
                        Document cost = d.get("cost", Document.class);
                        stored.put(d.getString("_id"), new Stored(d.get("review") != null,
                                cost == null ? null : cost.getString("currency"),
                                cost == null ? 0 : ((Number) cost.get("amount")).doubleValue()));
                    });
        }
        return stored;
    }

    /** Which of these items had a score before this batch: a scorer's result, a review or an annotation. */
    private Set<String> scoredItems(Collection<String> keys) {
        Set<String> scored = new HashSet<>();
        if (!keys.isEmpty()) {
            collections.items().find(Filters.in("_id", keys))
                    .projection(new Document("results", 1).append("reviewed", 1).append(ANNOTATED, 1)).forEach(d -> {
                        if (d.get("results") != null || d.get("reviewed") != null || d.get(ANNOTATED) != null) {
                            scored.add(d.getString("_id"));
                        }
                    });
        }
        return scored;
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
