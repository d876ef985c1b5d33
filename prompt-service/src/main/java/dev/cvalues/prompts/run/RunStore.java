package dev.cvalues.prompts.run;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.prompts.PromptServiceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The publication state of runs: {@code publishing} until the last prompt is acknowledged by Kafka, then
 * {@code published}, or {@code failed}. A run still {@code publishing} when the service restarts is published
 * again from its stored plan; downstream stages are idempotent, so a repeat changes nothing.
 */
@ApplicationScoped
public class RunStore {

    public static final String PUBLISHING = "publishing";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";

    /** What is needed to publish a run again. */
    public record StoredRun(String runId, ModelSpec model, List<RunRequest.SuiteSelection> suites, Instant createdAt,
            boolean cache, ModelSpec judge, RunSubject subject) {
    }

    private final MongoCollection<Document> runs;

    public RunStore(MongoClient mongo, PromptServiceConfig config) {
        this.runs = mongo.getDatabase(config.database()).getCollection("runs");
    }

    @PostConstruct
    void declareIndexes() {
        runs.createIndex(Indexes.ascending("state"));
    }

    public void insert(RunPlan plan) {
        List<Document> suites = plan.suites().stream().map(s -> new Document("id", s.suiteId())
                .append("version", s.version()).append("sampleSize", s.sampleSize()).append("seed", s.seed())
                .append("items", s.items())).toList();
        runs.insertOne(new Document("_id", plan.runId())
                .append("state", PUBLISHING)
                .append("model", Document.parse(EventCodec.mapper().valueToTree(plan.model()).toString()))
                .append("suites", suites)
                .append("expectedItems", plan.expectedItems())
                .append("cache", plan.cache())
                .append("judge", plan.judge() == null ? null
                        : Document.parse(EventCodec.mapper().valueToTree(plan.judge()).toString()))
                .append("subject", plan.subject() == null ? null
                        : Document.parse(EventCodec.mapper().valueToTree(plan.subject()).toString()))
                .append("createdAt", Date.from(plan.createdAt())));
    }

    public void markPublished(String runId, int published) {
        runs.updateOne(Filters.eq("_id", runId), Updates.combine(Updates.set("state", PUBLISHED),
                Updates.set("published", published), Updates.set("finishedAt", new Date())));
    }

    public void markFailed(String runId, String reason) {
        runs.updateOne(Filters.eq("_id", runId), Updates.combine(Updates.set("state", FAILED),
                Updates.set("error", reason), Updates.set("finishedAt", new Date())));
    }

    public Optional<Document> find(String runId) {
        return Optional.ofNullable(runs.find(Filters.eq("_id", runId)).first());
    }

    public List<StoredRun> unfinished() {
        List<StoredRun> result = new ArrayList<>();
        runs.find(Filters.eq("state", PUBLISHING)).forEach(d -> result.add(stored(d)));
        return result;
    }

    public Optional<StoredRun> stored(String runId) {
        return find(runId).map(RunStore::stored);
    }

    private static StoredRun stored(Document d) {
        ModelSpec model = EventCodec.mapper().convertValue(d.get("model", Document.class), ModelSpec.class);
        List<RunRequest.SuiteSelection> suites = d.getList("suites", Document.class).stream()
                .map(s -> new RunRequest.SuiteSelection(s.getString("id"), s.getString("version"),
                        s.getInteger("sampleSize"), s.getLong("seed")))
                .toList();
        Document judge = d.get("judge", Document.class);
        Document subject = d.get("subject", Document.class);
        return new StoredRun(d.getString("_id"), model, suites, d.getDate("createdAt").toInstant(),
                d.getBoolean("cache", true), judge == null ? null : EventCodec.mapper().convertValue(judge, ModelSpec.class),
                subject == null ? null : EventCodec.mapper().convertValue(subject, RunSubject.class));
    }
}
