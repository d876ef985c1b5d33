package dev.cvalues.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

/**
 * The materialised views and their indexes. Every document has a deterministic id, so a redelivered event
 * rewrites the same document with the same values:
 * <ul>
 * <li>{@code runs}: {@code _id} runId — lifecycle, expected count, progress, status</li>
 * <li>{@code items}: {@code _id} runId:itemId — the item and its response or failure</li>
 * <li>{@code scored_items}: {@code _id} runId:itemId — an item that has a score: inserted with its first, so a
 * batch learns which items are newly scored from the inserts refused as duplicates, without rewriting the item</li>
 * <li>{@code scores}: {@code _id} runId:itemId:scorerId — one scorer's verdict on one item (people's
 * annotations: runId:itemId:human:annotator)</li>
 * <li>{@code scorers}: {@code _id} scorerId — what each scorer announced</li>
 * <li>{@code models}: {@code _id} model — the versions evaluated (runs with a subject) and when</li>
 * <li>{@code policies}: {@code _id} model — how a model's deployments are evaluated</li>
 * <li>{@code deployments}: {@code _id} model:version — a deployment and the run it started</li>
 * <li>{@code scorecards}: {@code _id} runId:suite:category:scorer:metric — a versioned run's scorecard as it
 * was when the run completed, for histories across versions</li>
 * <li>{@code alerts}: {@code _id} runId — a versioned run's verdict against its baseline, and its deliveries</li>
 * <li>{@code review_audit}: {@code _id} runId:itemId:scorerId:millis:reviewer — every person's review, overrides marked</li>
 * </ul>
 */
@ApplicationScoped
@Startup
public class Collections {

    private final MongoDatabase db;

    public Collections(MongoClient mongo, ReportConfig config) {
        this.db = mongo.getDatabase(config.database());
    }

    @PostConstruct
    void declareIndexes() {
        runs().createIndex(Indexes.descending("startedAt"));
        items().createIndex(Indexes.ascending("runId", "state", "kind"));
        items().createIndex(Indexes.ascending("runId", "kind", "reviewDraw"));
        scores().createIndex(Indexes.ascending("runId", "scorerId"));
        scores().createIndex(Indexes.ascending("runId", "itemId"));
        scoredItems().createIndex(Indexes.ascending("runId"));
        runs().createIndex(Indexes.ascending("subject.model", "status", "completedAt"));
        runs().createIndex(Indexes.ascending("status", "verdict"));
        runs().createIndex(Indexes.ascending("status", "progressAt"));
        alerts().createIndex(Indexes.ascending("deliveries.state", "deliveries.nextAttemptAt"));
        alerts().createIndex(Indexes.ascending("model", "createdAt"));
        scorecards().createIndex(Indexes.ascending("model", "scorer", "metric", "completedAt"));
        reviewAudit().createIndex(Indexes.ascending("runId", "reviewedAt"));
    }

    public MongoCollection<Document> runs() {
        return db.getCollection("runs");
    }

    public MongoCollection<Document> items() {
        return db.getCollection("items");
    }

    public MongoCollection<Document> scores() {
        return db.getCollection("scores");
    }

    public MongoCollection<Document> scoredItems() {
        return db.getCollection("scored_items");
    }

    public MongoCollection<Document> scorers() {
        return db.getCollection("scorers");
    }

    public MongoCollection<Document> models() {
        return db.getCollection("models");
    }

    public MongoCollection<Document> policies() {
        return db.getCollection("policies");
    }

    public MongoCollection<Document> deployments() {
        return db.getCollection("deployments");
    }

    public MongoCollection<Document> scorecards() {
        return db.getCollection("scorecards");
    }

    public MongoCollection<Document> reviewAudit() {
        return db.getCollection("review_audit");
    }

    public MongoCollection<Document> alerts() {
        return db.getCollection("alerts");
    }
}
