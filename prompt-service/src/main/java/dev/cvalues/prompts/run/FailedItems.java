package dev.cvalues.prompts.run;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.platform.kafka.RoutingHeaders;
import dev.cvalues.prompts.PromptServiceConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The items of each run whose last response is an explicit failure, kept from cvalues.responses so that a
 * run can re-run just those. A failure is recorded, a later answer to the same item removes it; the writes
 * of a batch keep their order (both events of one item come from one partition, in order).
 */
@ApplicationScoped
public class FailedItems {

    /** One failed item: where its prompt comes from. */
    public record Failed(String runId, String itemId, String suiteId, String suiteVersion) {
    }

    private final MongoCollection<Document> failed;

    public FailedItems(MongoClient mongo, PromptServiceConfig config) {
        this.failed = mongo.getDatabase(config.database()).getCollection("failed_items");
    }

    @PostConstruct
    void declareIndexes() {
        failed.createIndex(Indexes.ascending("runId"));
    }

    @Incoming("failures-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<CompletionStage<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            ResponseRouting routing = RoutingHeaders.read(record.getHeaders());
            if (routing != null && routing.outcome() == ResponseEvent.Outcome.OK && record.getKey() != null) {
                // an answer, as its headers say: its key (runId:itemId) is all the removal needs, undecoded
                writes.add(new DeleteOneModel<>(Filters.eq("_id", record.getKey())));
                continue;
            }
            ResponseEvent e;
            try {
                e = EventCodec.decode(record.getPayload(), ResponseEvent.class);
            } catch (InvalidEventException invalid) {
                deadLettered.add(record.nack(invalid));
                continue;
            }
            String id = Topics.itemKey(e.runId(), e.itemId());
            if (e.outcome() == ResponseEvent.Outcome.FAILED) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
                        .append("runId", e.runId()).append("itemId", e.itemId())
                        .append("suiteId", e.item().suiteId()).append("suiteVersion", e.item().suiteVersion())
                        .append("reason", e.failure().reason()).append("failedAt", Date.from(e.respondedAt())),
                        new ReplaceOptions().upsert(true)));
            } else {
                writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
            }
        }
        if (!writes.isEmpty()) {
            failed.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
        deadLettered.forEach(stage -> stage.toCompletableFuture().join());
        return batch.ack();
    }

    public long count(String runId) {
        return failed.countDocuments(Filters.eq("runId", runId));
    }

    public void forEach(String runId, Consumer<Failed> action) {
        failed.find(Filters.eq("runId", runId)).batchSize(1000).forEach(d -> action.accept(new Failed(
                d.getString("runId"), d.getString("itemId"), d.getString("suiteId"), d.getString("suiteVersion"))));
    }

}
