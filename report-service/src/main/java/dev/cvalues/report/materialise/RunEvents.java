package dev.cvalues.report.materialise;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.run.RunProgress;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** cvalues.runs → {@code runs}: lifecycle and expected count. */
@ApplicationScoped
public class RunEvents {

    private final BatchMaterialiser materialiser;
    private final Collections collections;
    private final RunProgress progress;

    public RunEvents(BatchMaterialiser materialiser, Collections collections, RunProgress progress) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.progress = progress;
    }

    @Incoming("runs-in")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<RunEvent> events = materialiser.materialiseBatch(batch, Topics.RUNS, RunEvent.class,
                decoded -> decoded.stream().flatMap(e -> {
                    BatchMaterialiser.Write run = new BatchMaterialiser.Write(collections.runs(), new UpdateOneModel<>(
                            Filters.eq("_id", e.runId()), update(e), new UpdateOptions().upsert(true)));
                    return e.subject() == null ? Stream.of(run) : Stream.of(run, modelVersion(e));
                }).toList());
        events.forEach(e -> progress.touch(e.runId()));
        return CompletableFuture.completedFuture(null);
    }

    /** {@code models}: one document per model id with the versions evaluated so far and when. */
    private BatchMaterialiser.Write modelVersion(RunEvent e) {
        Date at = Date.from(e.occurredAt());
        return new BatchMaterialiser.Write(collections.models(), new UpdateOneModel<>(
                Filters.eq("_id", e.subject().model()), Updates.combine(
                        Updates.addToSet("versions", e.subject().version()), Updates.min("firstRunAt", at),
                        Updates.max("lastRunAt", at)), new UpdateOptions().upsert(true)));
    }

    static Bson update(RunEvent e) {
        return Updates.combine(byType(e), ScoreEvents.CREATED_MARKED_APART);
    }

    private static Bson byType(RunEvent e) {
        Date at = Date.from(e.occurredAt());
        return switch (e.type()) {
            // a run published again after a restart repeats 'started': keep the first time
            case STARTED -> Updates.combine(
                    Updates.set("model", Document.parse(EventCodec.mapper().valueToTree(e.model()).toString())),
                    Updates.set("suites", e.suites().stream().map(s -> new Document("suiteId", s.suiteId())
                            .append("version", s.version()).append("items", s.items())
                            .append("sampleSize", s.sampleSize()).append("sampleSeed", s.sampleSeed())).toList()),
                    Updates.set("expectedItems", e.expectedItems()),
                    Updates.set("subject", e.subject() == null ? null
                            : Document.parse(EventCodec.mapper().valueToTree(e.subject()).toString())),
                    Updates.min("startedAt", at),
                    Updates.setOnInsert("status", "running"),
                    // the run's tally counts from here (responses that came first made it without this: recounted)
                    Updates.setOnInsert(RunProgress.TALLY_EXACT, true));
            case PUBLISHED -> Updates.combine(Updates.min("publishedAt", at), Updates.setOnInsert("status", "running"));
            case FAILED -> Updates.combine(Updates.set("failure", e.reason()), Updates.min("failedAt", at),
                    Updates.setOnInsert("status", "running"));
        };
    }
}
