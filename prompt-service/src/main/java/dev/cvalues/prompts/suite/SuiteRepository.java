package dev.cvalues.prompts.suite;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.prompts.PromptServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Suites and their items in MongoDB. Ids are deterministic ({@code suiteId@version} and
 * {@code suiteId@version/itemId}) so importing the same file twice writes the same documents.
 */
@ApplicationScoped
@Startup
public class SuiteRepository {

    private static final int BATCH = 500;

    private final MongoCollection<Document> suites;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> leases;

    public SuiteRepository(MongoClient mongo, PromptServiceConfig config) {
        var db = mongo.getDatabase(config.database());
        this.suites = db.getCollection("suites");
        this.items = db.getCollection("suite_items");
        this.leases = db.getCollection("import_leases");
    }

    @PostConstruct
    void declareIndexes() {
        items.createIndex(Indexes.ascending("suiteId", "version", "unitId"));
        suites.createIndex(Indexes.ascending("id", "importedAt"));
    }

    public static String suiteKey(String id, String version) {
        return id + "@" + version;
    }

    /**
     * Stores a batch of a version no suite document has yet. The items are inserted: the version's lease keeps other
     * imports away and an import that takes one over first removes what the last one left. Should a batch still meet
     * items already there (one left by an import that stalled past its lease), it is written again as replacements.
     */
    public void saveItems(String suiteId, String version, List<SuiteItem> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(batch.size());
        for (SuiteItem item : batch) {
            docs.add(toDocument(suiteId, version, item));
        }
        try {
            items.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode())
                    != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            List<ReplaceOneModel<Document>> writes = new ArrayList<>(docs.size());
            for (Document doc : docs) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", doc.getString("_id")), doc,
                        new ReplaceOptions().upsert(true)));
            }
            items.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** What taking an import lease found. */
    public enum Lease {
        /** Nobody held it: no import of the version was interrupted. */
        TAKEN,
        /** An import that stopped writing held it: what it wrote must go before writing again. */
        TAKEN_OVER,
        /** Another import holds it and is writing. */
        HELD
    }

    /**
     * Takes the import lease of a suite version for {@code owner}, unless another import holds it and has written
     * within {@code staleAfter}. The lease is one document per version, so two services cannot both take it (its
     * id is unique); it stays behind when an import dies or fails while writing.
     */
    public Lease lease(String suiteKey, String owner, Duration staleAfter) {
        Date now = new Date();
        try {
            leases.insertOne(new Document("_id", suiteKey).append("owner", owner).append("renewedAt", now));
            return Lease.TAKEN;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        return leases.findOneAndUpdate(Filters.and(Filters.eq("_id", suiteKey),
                Filters.lt("renewedAt", new Date(now.getTime() - staleAfter.toMillis()))),
                Updates.combine(Updates.set("owner", owner), Updates.set("renewedAt", now))) != null
                ? Lease.TAKEN_OVER : Lease.HELD;
    }

    /** Leaves the lease to the next import at once, which removes what this one wrote. */
    public void abandonLease(String suiteKey, String owner) {
        leases.updateOne(Filters.and(Filters.eq("_id", suiteKey), Filters.eq("owner", owner)),
                Updates.set("renewedAt", new Date(0)));
    }

    /** False when the lease lapsed and another import took it. */
    public boolean renewLease(String suiteKey, String owner) {
        return leases.updateOne(Filters.and(Filters.eq("_id", suiteKey), Filters.eq("owner", owner)),
                Updates.set("renewedAt", new Date())).getMatchedCount() == 1;
    }

    public void releaseLease(String suiteKey, String owner) {
        leases.deleteOne(Filters.and(Filters.eq("_id", suiteKey), Filters.eq("owner", owner)));
    }

    /** Removes the items of a version that has no suite document: what an interrupted import left (a scan). */
    public void deleteItems(String suiteId, String version) {
        items.deleteMany(Filters.and(Filters.eq("suiteId", suiteId), Filters.eq("version", version)));
    }

    public void saveSuite(Suite suite) {
        Document doc = new Document("_id", suiteKey(suite.id(), suite.version()))
                .append("id", suite.id())
                .append("version", suite.version())
                .append("title", suite.title())
                .append("description", suite.description())
                .append("itemCount", suite.itemCount())
                .append("categories", new Document(new LinkedHashMap<>(suite.categories())))
                .append("kinds", new Document(new LinkedHashMap<>(suite.kinds())))
                .append("digest", suite.digest())
                .append("importedAt", Date.from(suite.importedAt()));
        suites.replaceOne(Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true));
    }

    /** The given version, or the most recently imported one when {@code version} is null. */
    public Optional<Suite> find(String id, String version) {
        Bson filter = version == null ? Filters.eq("id", id) : Filters.eq("_id", suiteKey(id, version));
        return Optional.ofNullable(suites.find(filter).sort(Sorts.descending("importedAt")).first())
                .map(SuiteRepository::toSuite);
    }

    public List<Suite> list() {
        List<Suite> result = new ArrayList<>();
        suites.find().sort(Sorts.ascending("id", "importedAt")).forEach(d -> result.add(toSuite(d)));
        return result;
    }

    /** Streams the items of a suite version in id order. */
    public void forEachItem(String suiteId, String version, Consumer<SuiteItem> action) {
        items.find(Filters.and(Filters.eq("suiteId", suiteId), Filters.eq("version", version)))
                .sort(Sorts.ascending("_id")).batchSize(BATCH)
                .forEach(d -> action.accept(toItem(d)));
    }

    /** Streams the sampling unit of every item of a suite version (one call per item, not per unit). */
    public void forEachUnitId(String suiteId, String version, Consumer<String> action) {
        items.find(Filters.and(Filters.eq("suiteId", suiteId), Filters.eq("version", version)))
                .projection(Projections.include("unitId")).batchSize(5000)
                .forEach(d -> action.accept(d.getString("unitId")));
    }

    /** The items with these ids (any order). */
    public void forEachItemById(String suiteId, String version, List<String> itemIds, Consumer<SuiteItem> action) {
        List<String> ids = itemIds.stream().map(id -> suiteKey(suiteId, version) + "/" + id).toList();
        for (int i = 0; i < ids.size(); i += BATCH) {
            items.find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + BATCH))))
                    .forEach(d -> action.accept(toItem(d)));
        }
    }

    private static Document toDocument(String suiteId, String version, SuiteItem item) {
        List<Document> messages = item.messages().stream()
                .map(m -> new Document("role", m.role()).append("content", m.content())).toList();
        return new Document("_id", suiteKey(suiteId, version) + "/" + item.itemId())
                .append("suiteId", suiteId)
                .append("version", version)
                .append("itemId", item.itemId())
                .append("unitId", item.unitId())
                .append("kind", item.kind().name())
                .append("level", item.level())
                .append("category", item.category())
                .append("pairId", item.pairId())
                .append("difficulty", item.difficulty())
                .append("choices", item.choices())
                .append("answer", item.answer())
                .append("messages", messages);
    }

    private static SuiteItem toItem(Document d) {
        List<ChatMessage> messages = d.getList("messages", Document.class).stream()
                .map(m -> new ChatMessage(m.getString("role"), m.getString("content"))).toList();
        return new SuiteItem(d.getString("itemId"), d.getString("unitId"), ItemKind.valueOf(d.getString("kind")),
                d.getString("level"), d.getString("category"), d.getString("pairId"), d.getString("difficulty"),
                d.getList("choices", String.class), d.getString("answer"), messages);
    }

    private static Suite toSuite(Document d) {
        return new Suite(d.getString("id"), d.getString("version"), d.getString("title"), d.getString("description"),
                d.getInteger("itemCount"), counts(d.get("categories", Document.class)),
                counts(d.get("kinds", Document.class)), d.getString("digest"), d.getDate("importedAt").toInstant());
    }

    private static Map<String, Integer> counts(Document d) {
        Map<String, Integer> result = new LinkedHashMap<>();
        if (d != null) {
            d.forEach((k, v) -> result.put(k, ((Number) v).intValue()));
        }
        return result;
    }
}
