package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
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
import java.util.stream.Collectors;
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

    /**
     * How a store written before {@code scored_items} says that an item has a score: on the item itself
     * ({@code scored}; {@code results}, {@code reviewed} and {@code annotated} before that).
     */
    private static final List<String> SCORED_BEFORE = List.of("scored", "results", "reviewed", "annotated");

    /**
     * Set on every run document this version creates, and on an older run by its first recount (which marks its
     * scored items): its items are marked in {@code scored_items} alone, so an item without a marker was never scored
     * and nothing is read back from {@code items} for it.
     */
    public static final String MARKED_APART = "scoredItemsApart";

    /** What every upsert of a run document sets when it creates it. */
    public static final org.bson.conversions.Bson CREATED_MARKED_APART = Updates.setOnInsert(MARKED_APART, true);

    private final BatchMaterialiser materialiser;
    private final Collections collections;
    private final RunProgress progress;

    public ScoreEvents(BatchMaterialiser materialiser, Collections collections, RunProgress progress) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.progress = progress;
    }

    /**
     * A scorer's reading is usually new: the batch's readings are inserted in one write, and only those stored before
     * (a redelivery, a backfill's new version) are read and replaced, unless a person reviewed them. People's reviews
     * and annotations replace what is there. An item's first score marks the item, for the run's scored count.
     */
    @Incoming("scores-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        RunTally.Delta delta = new RunTally.Delta();
        progress.counting(() -> materialiser.materialiseBatch(batch, Topics.SCORES, ScoreEvent.class, decoded -> {
            Map<String, ScoreEvent> latest = new LinkedHashMap<>();
            Set<String> reviewed = new HashSet<>();
            for (ScoreEvent e : decoded) {
                if (e.review() != null) {
                    reviewed.add(scoreId(e));
                } else if (e.annotator() == null && reviewed.contains(scoreId(e))) {
                    continue;
                }
                latest.put(scoreId(e), e);
            }
            List<ScoreEvent> readings = new ArrayList<>();
            List<ScoreEvent> replacing = new ArrayList<>();
            latest.values().forEach(e -> (e.review() == null && e.annotator() == null ? readings : replacing).add(e));
            BatchMaterialiser.Inserted<ScoreEvent> inserted = materialiser.insert(collections.scores(), readings,
                    ScoreEvents::document);
            progress.recountIfUncertain(inserted, ScoreEvent::runId);
            List<ScoreEvent> written = new ArrayList<>(inserted.fresh());
            written.forEach(e -> delta.score(e.runId(), e.scorerId(), false, null, 0, currency(e), amount(e)));
            replacing.addAll(inserted.stored());
            Map<String, Stored> stored = stored(replacing);
            List<BatchMaterialiser.Write> writes = new ArrayList<>();
            for (ScoreEvent e : replacing) {
                Stored before = stored.get(scoreId(e));
                if (e.review() == null && e.annotator() == null && before != null && before.reviewed()) {
                    continue; // a person's review stands over the scorer's own reading, however often delivered
                }
                written.add(e);
                writes.add(new BatchMaterialiser.Write(collections.scores(), new ReplaceOneModel<>(
                        Filters.eq("_id", scoreId(e)), document(e), new ReplaceOptions().upsert(true))));
                delta.score(e.runId(), e.scorerId(), before != null, before == null ? null : before.currency(),
                        before == null ? 0 : before.amount(), currency(e), amount(e));
            }
            markScored(written, delta);
            return writes;
        }, written -> progress.apply(delta)));
        return CompletableFuture.completedFuture(null);
    }

    private static String currency(ScoreEvent e) {
        return e.cost() == null ? null : e.cost().currency();
    }

    private static double amount(ScoreEvent e) {
        return e.cost() == null ? 0 : e.cost().amount();
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

    /**
     * Counts the items that have their first score in this batch: one marker per item is inserted, and only
     * those inserted for the first time are new, unless a store written before the markers marked the item
     * itself (read back only for runs without {@link #MARKED_APART}). The item's document is never rewritten for it.
     */
    private void markScored(List<ScoreEvent> written, RunTally.Delta delta) {
        Map<String, String> runOf = new LinkedHashMap<>();
        written.forEach(e -> runOf.put(Topics.itemKey(e.runId(), e.itemId()), e.runId()));
        BatchMaterialiser.Inserted<String> marked = materialiser.insert(collections.scoredItems(),
                new ArrayList<>(runOf.keySet()), key -> new Document("_id", key).append("runId", runOf.get(key)));
        progress.recountIfUncertain(marked, runOf::get);
        Set<String> apart = markedApart(marked.fresh().stream().map(runOf::get).collect(Collectors.toSet()));
        Set<String> before = markedOnTheItem(marked.fresh().stream().filter(key -> !apart.contains(runOf.get(key)))
                .toList());
        marked.fresh().stream().filter(key -> !before.contains(key)).forEach(key -> delta.scoredItem(runOf.get(key)));
    }

    /** Which of these runs have {@link #MARKED_APART}: one read of their run documents. */
    private Set<String> markedApart(Set<String> runIds) {
        Set<String> apart = new HashSet<>();
        if (!runIds.isEmpty()) {
            collections.runs().find(Filters.in("_id", runIds)).projection(new Document(MARKED_APART, 1))
                    .forEach(d -> {
                        if (Boolean.TRUE.equals(d.getBoolean(MARKED_APART))) {
                            apart.add(d.getString("_id"));
                        }
                    });
        }
        return apart;
    }

    private Set<String> markedOnTheItem(Collection<String> keys) {
        Set<String> scored = new HashSet<>();
        if (!keys.isEmpty()) {
            Document fields = new Document();
            SCORED_BEFORE.forEach(f -> fields.append(f, 1));
            collections.items().find(Filters.in("_id", keys)).projection(fields).forEach(d -> {
                if (SCORED_BEFORE.stream().anyMatch(f -> d.get(f) != null)) {
                    scored.add(d.getString("_id"));
                }
            });
        }
        return scored;
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
