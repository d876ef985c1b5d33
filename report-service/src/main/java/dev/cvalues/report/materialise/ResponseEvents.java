package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.run.RunProgress;
import dev.cvalues.report.run.RunTally;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * cvalues.responses → {@code items}: one document per runId:itemId with the messages the model answered and
 * its response or failure, and {@code reviewDraw}, a uniform number in [0, 1) fixed by the item's key: the
 * items a person is asked to annotate are those drawn below the run's sample rate, so raising the rate only
 * adds items.
 */
@ApplicationScoped
public class ResponseEvents {

    public static final String RESPONDED = "responded";
    public static final String FAILED = "failed";

    private final BatchMaterialiser materialiser;
    private final Collections collections;
    private final RunProgress progress;

    public ResponseEvents(BatchMaterialiser materialiser, Collections collections, RunProgress progress) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.progress = progress;
    }

    @Incoming("responses-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        RunTally.Delta delta = new RunTally.Delta();
        progress.counting(() -> materialiser.materialiseBatch(batch, Topics.RESPONSES, ResponseEvent.class, decoded -> {
            // a backfill publishes stored responses again for one scorer: the items have them already
            Map<String, ResponseEvent> latest = new LinkedHashMap<>();
            decoded.stream().filter(e -> e.backfillFor() == null)
                    .forEach(e -> latest.put(Topics.itemKey(e.runId(), e.itemId()), e));
            // an item's response is usually its first: the batch's are inserted in one write, and only the items
            // stored before (a redelivery, or an item whose score came first) are read and updated
            BatchMaterialiser.Inserted<ResponseEvent> inserted = materialiser.insert(collections.items(),
                    List.copyOf(latest.values()), e -> {
                        Document item = new Document("_id", Topics.itemKey(e.runId(), e.itemId()));
                        item.putAll(itemFields(e));
                        return item;
                    });
            progress.recountIfUncertain(inserted, ResponseEvent::runId);
            inserted.fresh().forEach(e -> delta.answer(e.runId(), null, answer(e)));
            Map<String, RunTally.Answer> before = answers(inserted.stored().stream()
                    .map(e -> Topics.itemKey(e.runId(), e.itemId())).toList());
            List<BatchMaterialiser.Write> writes = new ArrayList<>();
            for (ResponseEvent e : inserted.stored()) {
                String key = Topics.itemKey(e.runId(), e.itemId());
                delta.answer(e.runId(), before.get(key), answer(e));
                writes.add(new BatchMaterialiser.Write(collections.items(), new UpdateOneModel<>(Filters.eq("_id", key),
                        new Document("$set", itemFields(e)), new UpdateOptions().upsert(true))));
            }
            return writes;
        }, written -> progress.apply(delta)));
        return CompletableFuture.completedFuture(null);
    }

    /** What the items had as answers before this batch, by key (absent: none yet), in one read by id. */
    private Map<String, RunTally.Answer> answers(Collection<String> keys) {
        Map<String, RunTally.Answer> answers = new HashMap<>();
        if (keys.isEmpty()) {
            return answers;
        }
        collections.items().find(Filters.in("_id", keys)).projection(new Document("state", 1).append("kind", 1)
                .append("choices", 1).append("response.cached", 1).append("response.cost", 1)).forEach(d -> {
                    String state = d.getString("state");
                    if (RESPONDED.equals(state) || FAILED.equals(state)) {
                        Document response = d.get("response", Document.class);
                        Document cost = response == null ? null : response.get("cost", Document.class);
                        answers.put(d.getString("_id"), new RunTally.Answer(RESPONDED.equals(state),
                                new RunTally.Shape(d.getString("kind"), d.getList("choices", String.class)),
                                response != null && Boolean.TRUE.equals(response.getBoolean("cached")),
                                cost == null ? null : cost.getString("currency"),
                                cost == null ? 0 : ((Number) cost.get("amount")).doubleValue()));
                    }
                });
        return answers;
    }

    private static RunTally.Answer answer(ResponseEvent e) {
        boolean ok = e.outcome() == ResponseEvent.Outcome.OK;
        return new RunTally.Answer(ok, new RunTally.Shape(e.item().kind().wireName(), e.item().choices()),
                ok && Boolean.TRUE.equals(e.cached()), ok && e.cost() != null ? e.cost().currency() : null,
                ok && e.cost() != null ? e.cost().amount() : 0);
    }

    static Document itemFields(ResponseEvent e) {
        boolean ok = e.outcome() == ResponseEvent.Outcome.OK;
        Document fields = itemInfo(e.runId(), e.itemId(), e.item())
                .append("model", new Document("provider", e.model().provider()).append("name", e.model().name()))
                .append("state", ok ? RESPONDED : FAILED)
                .append("attempts", e.attempts())
                .append("latencyMs", e.latencyMs())
                .append("respondedAt", Date.from(e.respondedAt()))
                .append("reviewDraw", reviewDraw(e.runId(), e.itemId()));
        if (e.messages() != null) {
            fields.append("messages", e.messages().stream()
                    .map(m -> new Document("role", m.role()).append("content", m.content())).toList());
        }
        if (ok) {
            Document usage = e.usage() == null ? null : new Document("promptTokens", e.usage().promptTokens())
                    .append("completionTokens", e.usage().completionTokens());
            fields.append("response", new Document("text", e.text()).append("finishReason", e.finishReason())
                    .append("usage", usage).append("providerRequestId", e.providerRequestId())
                    .append("cached", Boolean.TRUE.equals(e.cached()))
                    .append("cost", e.cost() == null ? null : new Document("amount", e.cost().amount())
                            .append("currency", e.cost().currency())))
                    .append("failure", null);
        } else {
            fields.append("failure", new Document("reason", e.failure().reason())
                    .append("message", e.failure().message())).append("response", null);
        }
        return fields;
    }

    /** A uniform draw in [0, 1) from the item's key: the same for every delivery, independent between items. */
    public static double reviewDraw(String runId, String itemId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Topics.itemKey(runId, itemId).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(hash).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The item an item or score document was written from (the inverse of the fields below). */
    public static ItemInfo itemInfo(Document d) {
        ItemKind kind = "open".equals(d.getString("kind")) ? ItemKind.OPEN : ItemKind.MULTIPLE_CHOICE;
        return new ItemInfo(d.getString("suiteId"), d.getString("suiteVersion"), kind, d.getString("level"),
                d.getString("category"), d.getString("pairId"), d.getString("difficulty"),
                d.getList("choices", String.class), d.getString("answer"));
    }

    static Document itemInfo(String runId, String itemId, ItemInfo item) {
        return new Document("runId", runId)
                .append("itemId", itemId)
                .append("suiteId", item.suiteId())
                .append("suiteVersion", item.suiteVersion())
                .append("kind", item.kind().wireName())
                .append("level", item.level())
                .append("category", item.category())
                .append("pairId", item.pairId())
                .append("difficulty", item.difficulty())
                .append("choices", item.choices())
                .append("answer", item.answer());
    }
}
