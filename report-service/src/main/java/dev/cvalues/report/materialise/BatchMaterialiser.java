package dev.cvalues.report.materialise;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
import dev.cvalues.report.ReportConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Writes a batch of Kafka records as one unordered bulk write per collection, then acknowledges it.
 * Unreadable records are dead-lettered only after the batch is written, so an offset is never committed
 * before the data it covers is in MongoDB. A failing write is retried with backoff for the configured
 * budget; after that the batch goes to the dead-letter topic rather than being lost. A duplicate-key error
 * is not a failure: it is how an {@link #insert} learns that a document was stored before (a redelivery).
 */
@ApplicationScoped
public class BatchMaterialiser {

    private static final Logger LOG = Logger.getLogger(BatchMaterialiser.class);
    private static final int DUPLICATE_KEY = 11000;

    /** A write one event causes (an event may cause several, in different collections). */
    public record Write(MongoCollection<Document> collection, WriteModel<Document> model) {
    }

    /**
     * What an {@link #insert} did: the elements written for the first time, those whose document was stored
     * before, and whether that split is certain (an attempt that failed before the last may have written some,
     * which then look stored before).
     */
    public record Inserted<T>(List<T> fresh, List<T> stored, boolean certain) {
    }

    private final ReportConfig config;
    private final MeterRegistry registry;

    public BatchMaterialiser(ReportConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * @param topic   the source topic, for metrics
     * @param toWrite the write of one valid event
     * @return the decoded events that were written
     */
    public <E extends Event> List<E> materialise(KafkaRecordBatch<String, String> batch, String topic, Class<E> type,
            Function<E, Write> toWrite) {
        return materialiseBatch(batch, topic, type, events -> events.stream().map(toWrite).toList());
    }

    /**
     * As {@link #materialise}, with the writes planned for the whole batch of decoded events at once: an event
     * may cause several writes, and the plan may read what it needs for the batch in one query.
     */
    public <E extends Event> List<E> materialiseBatch(KafkaRecordBatch<String, String> batch, String topic,
            Class<E> type, Function<List<E>, List<Write>> plan) {
        return materialiseBatch(batch, topic, type, plan, written -> {
        });
    }

    /** As above, with {@code written} run once the writes are done and before the batch is acknowledged. */
    public <E extends Event> List<E> materialiseBatch(KafkaRecordBatch<String, String> batch, String topic,
            Class<E> type, Function<List<E>, List<Write>> plan, Consumer<List<E>> written) {
        List<E> events = new ArrayList<>();
        List<KafkaRecord<String, String>> invalid = new ArrayList<>();
        List<InvalidEventException> reasons = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                events.add(EventCodec.decode(record.getPayload(), type));
            } catch (InvalidEventException e) {
                invalid.add(record);
                reasons.add(e);
            }
        }
        try {
            Map<MongoCollection<Document>, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
            for (Write write : plan.apply(events)) {
                writes.computeIfAbsent(write.collection(), c -> new ArrayList<>()).add(write.model());
            }
            writes.forEach(this::writeWithRetries);
        } catch (MongoException e) {
            LOG.errorf(e, "giving up writing %d records of %s: sending them to the dead-letter topic",
                    batch.getRecords().size(), topic);
            join(batch.getRecords().stream().map(r -> r.nack(e)).toList());
            count(topic, "dead_lettered", batch.getRecords().size());
            return List.of();
        }
        written.accept(events);
        List<CompletionStage<Void>> pending = new ArrayList<>();
        for (int i = 0; i < invalid.size(); i++) {
            pending.add(invalid.get(i).nack(reasons.get(i)));
        }
        pending.add(batch.ack());
        join(pending);
        count(topic, "written", events.size());
        count(topic, "dead_lettered", invalid.size());
        return events;
    }

    /**
     * Inserts one document per element in one unordered bulk write (with the batch's retries), for a plan whose
     * usual case is a document written for the first time: one write, no read first. The elements whose document
     * was stored before are returned apart, for the plan to read and update only them.
     */
    public <T> Inserted<T> insert(MongoCollection<Document> collection, List<T> elements, Function<T, Document> document) {
        if (elements.isEmpty()) {
            return new Inserted<>(List.of(), List.of(), true);
        }
        List<WriteModel<Document>> models = new ArrayList<>(elements.size());
        elements.forEach(e -> models.add(new InsertOneModel<>(document.apply(e))));
        Written written = writeWithRetries(collection, models);
        List<T> fresh = new ArrayList<>();
        List<T> stored = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            (written.duplicates().contains(i) ? stored : fresh).add(elements.get(i));
        }
        return new Inserted<>(fresh, stored, written.certain());
    }

    /** The positions of a bulk write's models refused as duplicate keys, and whether no attempt failed before. */
    private record Written(Set<Integer> duplicates, boolean certain) {
    }

    private Written writeWithRetries(MongoCollection<Document> collection, List<WriteModel<Document>> models) {
        boolean failedBefore = false;
        long deadline = System.nanoTime() + config.writeRetryBudget().toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
                return new Written(Set.of(), !failedBefore);
            } catch (MongoException e) {
                if (e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                        && bulk.getWriteErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                    Set<Integer> existing = new HashSet<>();
                    bulk.getWriteErrors().forEach(error -> existing.add(error.getIndex()));
                    return new Written(existing, !failedBefore);
                }
                failedBefore = true;
                if (System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warnf("bulk write of %d documents to %s failed (%s); retrying in %d ms", models.size(),
                        collection.getNamespace().getCollectionName(), e.getMessage(), backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private void count(String topic, String outcome, int n) {
        if (n > 0) {
            Counter.builder("cvalues.report.events").tags("topic", topic, "outcome", outcome)
                    .description("Events materialised or dead-lettered by report-service").register(registry).increment(n);
        }
    }

    private static void join(List<CompletionStage<Void>> stages) {
        CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new)).join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
