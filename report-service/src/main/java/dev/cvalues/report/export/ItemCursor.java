package dev.cvalues.report.export;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cvalues.report.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bson.Document;

/**
 * Walks a run's items with their scores, in item order, holding one item at a time: the items and the scores
 * are read as two cursors sorted by item id and merged, so a run of any size streams in constant memory.
 */
final class ItemCursor {

    private ItemCursor() {
    }

    static void forEach(Collections collections, String runId, BiConsumer<Document, List<Document>> each) {
        try (MongoCursor<Document> items = collections.items().find(Filters.eq("runId", runId))
                .sort(Sorts.ascending("itemId")).batchSize(1000).iterator();
             MongoCursor<Document> scores = collections.scores().find(Filters.eq("runId", runId))
                     .sort(Sorts.ascending("itemId", "scorerId", "annotator")).batchSize(1000).iterator()) {
            Document pending = scores.hasNext() ? scores.next() : null;
            while (items.hasNext()) {
                Document item = items.next();
                String itemId = item.getString("itemId");
                // scores of items that sort before this one have no item document (not answered yet): skipped
                while (pending != null && pending.getString("itemId").compareTo(itemId) < 0) {
                    pending = scores.hasNext() ? scores.next() : null;
                }
                List<Document> itemScores = new ArrayList<>();
                while (pending != null && pending.getString("itemId").equals(itemId)) {
                    itemScores.add(pending);
                    pending = scores.hasNext() ? scores.next() : null;
                }
                each.accept(item, itemScores);
            }
        }
    }
}
