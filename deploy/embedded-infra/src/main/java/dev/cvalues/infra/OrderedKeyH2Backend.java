package dev.cvalues.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Comparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with documents stored as BSON, unique indexes that compare their keys without
 * serialising them, secondary (non-unique) indexes that answer equality queries on their leading fields, and
 * aggregations that stream the collection (or, for a first {@code $match} an index answers, that index's documents)
 * instead of collecting it.
 * <p>
 * The stock backend ignores non-unique indexes, so every query not by {@code _id} scanned the whole collection: a
 * run's scorecard read every run's scores. With them, it reads the run's own, in the collection's order.
 * <p>
 * The stock backend stores each document by Java serialisation (H2's {@link ObjectDataType}): reading a page back
 * ran an {@code ObjectInputStream} per document, the top of the server's CPU samples under a run, and H2 reads pages
 * back often (its cache holds a small share of a large store). Here a document is written as BSON; one the stock
 * backend wrote is still read as it was written, and rewritten as BSON when its page is next written.
 * <p>
 * The stock index keeps its keys (mongo-java-server's {@code KeyValue}, which is not {@code Comparable}) under H2's
 * {@link ObjectDataType}, which compares such objects by their Java serialisation: every lookup by {@code _id}
 * serialised two objects per step of its binary search, a fifth of the local stack's MongoDB CPU under a run. Here a
 * key of strings alone (every {@code _id} of this project) compares by its strings, and any other key as before,
 * after all keys of strings alone. That order differs from the stock one, so these indexes live in maps of their own
 * name; a store written by the stock backend has its index maps copied over once, when first opened.
 */
final class OrderedKeyH2Backend extends H2Backend {

    private static final String SUFFIX = ".ordered";
    private static final String SECONDARY_SUFFIX = ".secondary";
    /** The store of a database being constructed: its constructor opens the indexes before its fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    OrderedKeyH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        OPENING.set(getMvStore());
        try {
            return new Database(databaseName, getMvStore(), getCursorRegistry());
        } finally {
            OPENING.remove();
        }
    }

    private static final class Database extends H2Database {
        private final MVStore store;

        Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
            this.store = store;
        }

        private MVStore store() {
            return store != null ? store : OPENING.get();
        }

        private String stockName(String collectionName, String indexName) {
            return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            MVStore s = store();
            String stock = stockName(collectionName, indexName);
            String name = stock + SUFFIX;
            if (!s.hasMap(name) && s.hasMap(stock)) {
                // copied under a name of its own and renamed when complete: a crash midway copies it again
                String copying = name + ".copying";
                if (s.hasMap(copying)) {
                    s.removeMap(copying);
                }
                MVMap<KeyValue, Object> copy = s.openMap(copying, new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER));
                MVMap<KeyValue, Object> old = s.openMap(stock);
                for (Map.Entry<KeyValue, Object> e : old.entrySet()) {
                    copy.put(e.getKey(), e.getValue());
                }
                s.renameMap(copy, name);
                s.removeMap(old);
            }
            MVMap<KeyValue, Object> map = s.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER));
            return new OrderedIndex(map, indexName, keys, sparse);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            String name = stockName(collectionName, indexName) + SECONDARY_SUFFIX;
            return new SecondaryIndex(store().openMap(name, new MVMap.Builder<KeyValue, Boolean>().keyType(ELEMENT_ORDER)),
                    indexName, keys, sparse);
        }

        /** An aggregation whose first stage is a {@code $match} reads its collection through an index that can answer it. */
        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
                Oplog oplog) {
            if (!command.equalsIgnoreCase("aggregate")) {
                return super.handleCommand(channel, command, query, resolver, oplog);
            }
            List<Document> pipeline = Aggregation.parse(Aggregation.parse(query.get("pipeline")));
            if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document match)) {
                return super.handleCommand(channel, command, query, resolver, oplog);
            }
            AGGREGATED.set(new Matched(String.valueOf(query.get(command)), match));
            try {
                return super.handleCommand(channel, command, query, resolver, oplog);
            } finally {
                AGGREGATED.remove();
            }
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the map names of H2Database's own openOrCreateCollection
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Stored> data = store().openMap("databases." + fullName,
                    new MVMap.Builder<Object, Stored>().valueType(DOCUMENTS));
            MVMap<String, Object> meta = store().openMap("meta." + fullName);
            return new StreamingCollection(this, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            for (String suffix : List.of(SUFFIX, SECONDARY_SUFFIX)) {
                String name = stockName(collection.getCollectionName(), indexName) + suffix;
                if (store().hasMap(name)) {
                    store().removeMap(name);
                }
            }
        }
    }

    /**
     * The key of an index whose fields are all top-level fields holding strings, as mongo-java-server's own
     * {@code getKeyValues} finds it (strings need no normalising, and give one key); null for any other document,
     * which goes the general way. The general way builds streams and maps per index per document (a fifth of the
     * server's CPU under an import).
     */
    private static KeyValue stringKey(List<String> fields, Document document) {
        List<Object> values = new ArrayList<>(fields.size());
        for (String field : fields) {
            if (field.indexOf('.') >= 0 || !(document.get(field) instanceof String value)) {
                return null;
            }
            values.add(value);
        }
        return new KeyValue(values);
    }

    /** The collection and first {@code $match} of the aggregation this thread is running, until its collection is read. */
    private record Matched(String collection, Document query) {
    }

    private static final ThreadLocal<Matched> AGGREGATED = new ThreadLocal<>();
    /** Keys a cursor walks past before seeking to the next wanted one instead. */
    private static final int GAP = 64;

    /**
     * An aggregation reads the collection as a lazy stream over the map (a consistent snapshot of it), or only the
     * documents a secondary index gives for its first {@code $match} (which still filters them). The stock collection
     * first collects every document of the collection into a list, whatever the pipeline's first {@code $match}: with
     * 120,000 scores stored, a scorecard's aggregation filled the server's heap.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class StreamingCollection extends H2Collection {
        private static final String ID = "_id";

        private final MVMap<Object, Stored> data;

        /** H2Collection's own reads and writes of {@code data} are all overridden here: its values are {@link Stored}. */
        StreamingCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Stored> data,
                MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
            super(database, name, options, (MVMap) data, meta, cursorRegistry);
            this.data = data;
        }

        /** The data size follows the stored BSON, instead of encoding each document once more to measure it. */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Object key = getIdField() != null ? de.bwaldvogel.mongo.backend.Utils.getSubdocumentValue(document,
                    getIdField()) : java.util.UUID.randomUUID();
            Stored value = Stored.of(document);
            Stored previous = data.putIfAbsent(Missing.ofNullable(key), value);
            if (previous != null) {
                throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
            }
            updateDataSize(value.size());
            return key;
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            Stored value = Stored.of(newDocument);
            Stored previous = data.put(Missing.ofNullable(position), value);
            updateDataSize(value.size() - (previous == null ? 0 : previous.size()));
        }

        @Override
        protected void removeDocument(Object position) {
            Stored removed = data.remove(position);
            if (removed == null) {
                throw new java.util.NoSuchElementException("No document with key " + position);
            }
            updateDataSize(-removed.size());
        }

        @Override
        protected Document getDocument(Object position) {
            Stored value = data.get(position);
            return value == null ? null : value.document();
        }

        @Override
        protected Stream<de.bwaldvogel.mongo.backend.DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            FreshScan<Object, Stored> scan = new FreshScan<>(data, null);
            return FreshScan.stream(scan).map(key -> new de.bwaldvogel.mongo.backend.DocumentWithPosition<>(
                    scan.value().document(), key));
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            // H2Collection's, over the decoded documents
            Stream<Document> documents = isNaturalDescending(orderBy)
                    ? streamAllDocumentsWithPosition()
                            .sorted((a, b) -> de.bwaldvogel.mongo.backend.ValueComparator.desc()
                                    .compare(a.getPosition(), b.getPosition()))
                            .map(de.bwaldvogel.mongo.backend.DocumentWithPosition::getDocument)
                    : allDocuments();
            return matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize,
                    isNaturalDescending(orderBy) ? null : order(orderBy), fieldSelector);
        }

        @Override
        public Stream<Document> queryAllAsStream() {
            Matched matched = AGGREGATED.get();
            if (matched != null && matched.collection().equals(getCollectionName())) {
                // only the pipeline's own read: a $lookup into this collection reads all of it
                AGGREGATED.remove();
                for (Index<Object> index : getIndexes()) {
                    if (index instanceof SecondaryIndex secondary && secondary.canHandle(matched.query())) {
                        return inKeyOrder(secondary.positions(matched.query()));
                    }
                }
            }
            return allDocuments();
        }

        private Stream<Document> allDocuments() {
            FreshScan<Object, Stored> scan = new FreshScan<>(data, null);
            return FreshScan.stream(scan).map(key -> scan.value().document());
        }

        /**
         * Every query hands out copies of the stored documents (a projection makes its own): mongo-java-server
         * updates the document a query returned in place, and H2's background writer may be encoding that very
         * instance at the time (a ConcurrentModificationException there closed the store under load). The update
         * then stores its copy, and what H2 holds is never changed.
         */
        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream,
                int numberToSkip, int limit, int batchSize, Comparator<Document> documentComparator,
                Document fieldSelector) {
            Stream<Document> documents = projected(fieldSelector) ? documentStream : documentStream.map(Document::clone);
            if (batchSize <= 0) {
                // mongo-java-server's own reads (of an update, a delete, a count) take every document at once
                return super.matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize,
                        documentComparator, fieldSelector);
            }
            documents = documents.filter(document -> documentMatchesQuery(document, query));
            if (documentComparator != null) {
                documents = documents.sorted(documentComparator);
            }
            if (numberToSkip > 0) {
                documents = documents.skip(numberToSkip);
            }
            if (limit > 0) {
                documents = documents.limit(limit);
            }
            Iterator<Document> matched = documents.iterator();
            List<Document> first = take(matched, batchSize, fieldSelector);
            if (!matched.hasNext()) {
                return new QueryResult(first);
            }
            LazyCursor cursor = new LazyCursor(cursorRegistry.generateCursorId(), matched, fieldSelector);
            cursorRegistry.add(cursor);
            return new QueryResult(first, cursor);
        }

        private static boolean projected(Document fieldSelector) {
            return fieldSelector != null && !fieldSelector.isEmpty();
        }

        /** The next documents a cursor gives, at most {@code count}, projected by the stock collection's own code. */
        private List<Document> take(Iterator<Document> matched, int count, Document fieldSelector) {
            List<Document> batch = new ArrayList<>(Math.min(count, 1024));
            while (batch.size() < count && matched.hasNext()) {
                batch.add(matched.next());
            }
            return projected(fieldSelector) ? super.matchDocumentsFromStream(new Document(), batch.stream(), 0, 0, 0,
                    null, fieldSelector).collectDocuments() : batch;
        }

        /**
         * The rest of a query's documents, matched and read as each batch is asked for. The stock collection
         * collects every matching document into a list first, which its cursor then hands out: publishing a
         * 217,496-item suite filled the server's 512 MB heap with them.
         */
        private final class LazyCursor extends de.bwaldvogel.mongo.backend.AbstractCursor {
            /** A getMore without a batch size (real MongoDB bounds such a batch by its 16 MB). */
            private static final int DEFAULT_BATCH = 1000;

            private final Iterator<Document> matched;
            private final Document fieldSelector;

            LazyCursor(long id, Iterator<Document> matched, Document fieldSelector) {
                super(id);
                this.matched = matched;
                this.fieldSelector = fieldSelector;
            }

            @Override
            public synchronized boolean isEmpty() {
                return !matched.hasNext();
            }

            @Override
            public synchronized List<Document> takeDocuments(int numberToReturn) {
                return take(matched, numberToReturn > 0 ? numberToReturn : DEFAULT_BATCH, fieldSelector);
            }
        }

        /**
         * The order a sort asks for, null when the map's own order gives it: a sort by {@code _id} ascending when
         * every key is a string (H2 orders keys by type first, then strings as MongoDB does), so that such a
         * query streams instead of collecting every document to sort them.
         */
        private Comparator<Document> order(Document orderBy) {
            if (orderBy != null && orderBy.size() == 1 && orderBy.get(ID) instanceof Number direction
                    && direction.intValue() == 1) {
                Object first = data.firstKey();
                if (first == null || first instanceof String && data.lastKey() instanceof String) {
                    return null;
                }
            }
            return deriveComparator(orderBy);
        }

        /** A find, count, update or delete an index answers reads its documents the same way. */
        @Override
        protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy,
                int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            List<Object> list = new ArrayList<>();
            positions.forEach(list::add);
            if (list.size() <= 1) {
                return super.matchDocuments(query, list, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            return matchDocumentsFromStream(query, inKeyOrder(list), numberToSkip, limit, batchSize, order(orderBy),
                    fieldSelector);
        }

        /**
         * The documents at these positions, read in the map's order: by a cursor over each run of neighbouring keys
         * (H2 decodes a page at a time, so a lookup per document decoded a page per document), seeking afresh across
         * a gap.
         */
        private Stream<Document> inKeyOrder(List<Object> positions) {
            if (positions.isEmpty()) {
                return Stream.empty();
            }
            var order = data.getKeyType();
            positions.sort(order::compare);
            Iterator<Document> documents = new Iterator<>() {
                private int next;
                private FreshScan<Object, Stored> cursor;
                private Document ahead;

                @Override
                public boolean hasNext() {
                    while (ahead == null && next < positions.size()) {
                        Object wanted = positions.get(next);
                        if (cursor == null) {
                            cursor = new FreshScan<>(data, wanted);
                        }
                        int skipped = 0;
                        while (cursor.hasNext()) {
                            Object key = cursor.next();
                            int c = order.compare(key, wanted);
                            if (c == 0) {
                                ahead = cursor.value().document();
                                break;
                            }
                            if (c > 0 || ++skipped > GAP) {
                                break;
                            }
                        }
                        if (ahead == null) {
                            // removed meanwhile, or far ahead: seek to the next wanted key
                            cursor = null;
                            if (skipped <= GAP) {
                                next++;
                            }
                            continue;
                        }
                        next++;
                    }
                    return ahead != null;
                }

                @Override
                public Document next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Document d = ahead;
                    ahead = null;
                    return d;
                }
            };
            return FreshScan.stream(documents);
        }
    }

    /**
     * A map's keys in order from a key on, read after each commit from the map's current root again. A cursor
     * reads the tree of the version it started in, whose pages H2 loads as they are reached; once a commit or a
     * compaction has left no kept version using a chunk, H2 drops it, and a cursor still on an older root fails
     * ("Chunk 2 not found"). A query read across getMores over seconds (prompt-service publishing a suite while the
     * run's responses were written) met that. Whatever a commit changes is then seen as MongoDB's cursors see it:
     * documents added ahead of the cursor come, ones removed ahead do not.
     */
    static final class FreshScan<K, V> implements Iterator<K> {
        private final MVMap<K, V> map;
        /** Where the next seek starts: the first key, then the last key handed out (skipped when found again). */
        private K from;
        private boolean handedOut;
        private org.h2.mvstore.Cursor<K, V> cursor;
        private long version;
        private K ahead;
        private V value;

        FreshScan(MVMap<K, V> map, K from) {
            this.map = map;
            this.from = from;
        }

        static <T> Stream<T> stream(Iterator<T> elements) {
            return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(elements,
                    java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false);
        }

        @Override
        public boolean hasNext() {
            if (ahead != null) {
                return true;
            }
            boolean skipFrom = false;
            if (cursor == null || map.getStore().getCurrentVersion() != version) {
                version = map.getStore().getCurrentVersion();
                cursor = map.cursor(from);
                skipFrom = handedOut;
            }
            while (cursor.hasNext()) {
                K key = cursor.next();
                if (skipFrom) {
                    skipFrom = false;
                    if (map.getKeyType().compare(key, from) == 0) {
                        continue;
                    }
                }
                ahead = key;
                value = cursor.getValue();
                from = key;
                handedOut = true;
                return true;
            }
            return false;
        }

        @Override
        public K next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            K key = ahead;
            ahead = null;
            return key;
        }

        /** The value of the key {@link #next()} handed out last. */
        V value() {
            return value;
        }
    }

    /** A value written as a marker byte and a BSON document, read back by mongo-java-server's own codec. */
    private static final class Bson {
        /** BSON's largest document, which mongo-java-server's decoder enforces. */
        private static final int MAX = 16 * 1024 * 1024;

        /** Null when the document has a value BSON has no type for or is too large. */
        static byte[] encode(Document document) {
            ByteBuf bson = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, bson);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (bson.readableBytes() > MAX) {
                return null;
            }
            byte[] bytes = new byte[bson.readableBytes()];
            bson.readBytes(bytes);
            return bytes;
        }

        /** False, and nothing written, when the document has a value BSON has no type for or is too large. */
        static boolean write(WriteBuffer buffer, byte marker, Document document) {
            byte[] bson = encode(document);
            if (bson == null) {
                return false;
            }
            buffer.put(marker);
            buffer.put(bson);
            return true;
        }

        /** Whether the value at the buffer's position starts with the marker; if so, the marker is consumed. */
        static boolean marked(ByteBuffer buffer, byte marker) {
            if (buffer.get(buffer.position()) != marker) {
                return false;
            }
            buffer.get();
            return true;
        }

        static Document read(ByteBuffer buffer) {
            return decode(bytes(buffer));
        }

        /** The BSON document at the buffer's position (its first four bytes give its length, little-endian). */
        static byte[] bytes(ByteBuffer buffer) {
            int length = Integer.reverseBytes(buffer.getInt(buffer.position()));
            if (length < 5 || length > buffer.remaining()) {
                throw new IllegalStateException("a stored BSON document of " + length + " bytes where "
                        + buffer.remaining() + " remain");
            }
            byte[] bson = new byte[length];
            buffer.get(bson);
            return bson;
        }

        static Document decode(byte[] bson) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
        }
    }

    /**
     * A document as the store holds it: its BSON, encoded once when the document is written, and the document, decoded
     * from it when first read. H2 writes a page again whenever one of its documents changes; it then copies each
     * document's bytes instead of encoding every document of the page anew (half the server's CPU under an import).
     * The document a write hands over is never kept: what is read is always what was encoded.
     */
    static final class Stored {
        /** Null for a value BSON has no type for, which {@link #document} holds and the stock type writes. */
        private final byte[] bson;
        private volatile Document document;

        private Stored(byte[] bson, Document document) {
            this.bson = bson;
            this.document = document;
        }

        static Stored of(Document document) {
            byte[] bson = Bson.encode(document);
            return bson != null ? new Stored(bson, null) : new Stored(null, document.cloneDeeply());
        }

        Document document() {
            Document d = document;
            if (d == null) {
                d = Bson.decode(bson);
                document = d;
            }
            return d;
        }

        /** Its size in BSON (0 for one BSON cannot hold). */
        int size() {
            return bson == null ? 0 : bson.length;
        }
    }

    private static final StoredType DOCUMENTS = new StoredType();

    /** Documents as a marker byte and their BSON; without the marker, as the stock backend wrote them. */
    private static final class StoredType extends BasicDataType<Stored> {
        /** Not a tag {@link ObjectDataType} starts a value with (those are 0-127). */
        private static final byte BSON = (byte) 0xB5;
        private final ObjectDataType stock = new ObjectDataType();

        @Override
        public void write(WriteBuffer buffer, Stored value) {
            if (value.bson != null) {
                buffer.put(BSON);
                buffer.put(value.bson);
            } else {
                // a value BSON has no type for (none comes over the wire), or grown past what BSON may hold
                stock.write(buffer, value.document());
            }
        }

        @Override
        public Stored read(ByteBuffer buffer) {
            return Bson.marked(buffer, BSON) ? new Stored(Bson.bytes(buffer), null)
                    : Stored.of((Document) stock.read(buffer));
        }

        /** H2's cache accounting: the bytes and, once read, the document decoded from them (about twice as large). */
        @Override
        public int getMemory(Stored value) {
            return value.bson != null ? 64 + 3 * value.bson.length : 24 + estimate(value.document());
        }

        /** A rough size on the heap. */
        static int estimate(Object value) {
            if (value instanceof Map<?, ?> map) {
                int size = 48;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    size += 40 + estimate(e.getKey()) + estimate(e.getValue());
                }
                return size;
            }
            if (value instanceof Collection<?> list) {
                int size = 40;
                for (Object element : list) {
                    size += 8 + estimate(element);
                }
                return size;
            }
            if (value instanceof String string) {
                return 48 + string.length();
            }
            return 24;
        }

        @Override
        public Stored[] createStorage(int size) {
            return new Stored[size];
        }
    }

    /**
     * Index keys written as a marker byte and a BSON document of their values (the stock type Java-serialises each
     * {@code KeyValue}); a key without the marker, or one with a value BSON has no type for, as the stock type writes it.
     */
    private static class KeyType extends ObjectDataType {
        /** Neither a tag of {@link ObjectDataType} nor {@link StoredType}'s marker. */
        private static final byte BSON = (byte) 0xB6;
        /** A key of strings alone: their count, then each as H2 writes strings (no document to build and encode). */
        private static final byte STRINGS = (byte) 0xB7;

        @Override
        public void write(WriteBuffer buffer, Object key) {
            if (key instanceof KeyValue kv) {
                if (stringsAlone(kv)) {
                    buffer.put(STRINGS).putVarInt(kv.size());
                    for (Object value : kv) {
                        String string = (String) value;
                        buffer.putVarInt(string.length()).putStringData(string, string.length());
                    }
                    return;
                }
                Document values = new Document();
                for (int i = 0; i < kv.size(); i++) {
                    values.put(Integer.toString(i), kv.get(i));
                }
                if (Bson.write(buffer, BSON, values)) {
                    return;
                }
                // a value BSON cannot carry (Missing, for a document without the indexed field)
            }
            super.write(buffer, key);
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (Bson.marked(buffer, STRINGS)) {
                int size = org.h2.mvstore.DataUtils.readVarInt(buffer);
                List<Object> values = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    values.add(org.h2.mvstore.DataUtils.readString(buffer));
                }
                return new KeyValue(values);
            }
            return Bson.marked(buffer, BSON) ? new KeyValue(new ArrayList<>(Bson.read(buffer).values()))
                    : super.read(buffer);
        }

        static boolean stringsAlone(Object key) {
            if (!(key instanceof KeyValue kv)) {
                return false;
            }
            for (Object value : kv) {
                if (!(value instanceof String)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int getMemory(Object key) {
            return key instanceof KeyValue kv ? 40 + StoredType.estimate(kv.stream().toList()) : super.getMemory(key);
        }
    }

    private static final ObjectDataType KEY_ORDER = new KeyType() {
        @Override
        public int compare(Object a, Object b) {
            boolean stringsA = stringsAlone(a);
            boolean stringsB = stringsAlone(b);
            if (stringsA && stringsB) {
                KeyValue x = (KeyValue) a;
                KeyValue y = (KeyValue) b;
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = ((String) x.get(i)).compareTo((String) y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            if (stringsA != stringsB) {
                return stringsA ? -1 : 1;
            }
            return super.compare(a, b);
        }
    };

    /**
     * Keys compared value by value: strings by their strings, before any other value, other values as H2 orders
     * them; a key sorts before every longer key it is the start of. So a secondary index's entries for one value of
     * its leading fields lie together, right after the key of those values alone.
     */
    private static final ObjectDataType ELEMENT_ORDER = new KeyType() {
        @Override
        public int compare(Object a, Object b) {
            if (!(a instanceof KeyValue x) || !(b instanceof KeyValue y)) {
                return super.compare(a, b);
            }
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compareValues(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }

        private int compareValues(Object a, Object b) {
            if (a instanceof String s && b instanceof String t) {
                return s.compareTo(t);
            }
            if (a instanceof String || b instanceof String) {
                return a instanceof String ? -1 : 1;
            }
            return super.compare(a, b);
        }
    };

    /**
     * A non-unique index: one map entry per document and key value, its key the indexed values followed by the
     * document's {@code _id}. It answers a query that gives strings for one or more leading fields of the index (the
     * collection still matches each document it returns against the whole query); every other query scans, as before.
     */
    private static final class SecondaryIndex extends Index<Object> {
        private final MVMap<KeyValue, Boolean> map;
        private final List<String> fields;

        SecondaryIndex(MVMap<KeyValue, Boolean> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.fields = keys();
        }

        private static KeyValue entry(KeyValue values, Object position) {
            List<Object> key = new ArrayList<>(values.size() + 1);
            values.forEach(key::add);
            key.add(position);
            return new KeyValue(key);
        }

        /** The leading indexed fields the query gives a string for, in index order; empty when it gives none. */
        private List<Object> leadingValues(Document query) {
            List<Object> values = new ArrayList<>();
            for (String field : keys()) {
                if (field.contains(".") || !(query.get(field) instanceof String value)) {
                    break;
                }
                values.add(value);
            }
            return values;
        }

        @Override
        public boolean canHandle(Document query) {
            return !leadingValues(query).isEmpty();
        }

        @Override
        public Iterable<Object> getPositions(Document query) {
            return positions(query);
        }

        /** Each document once, though a document with an array holds an entry per element. */
        List<Object> positions(Document query) {
            List<Object> prefix = leadingValues(query);
            java.util.LinkedHashSet<Object> positions = new java.util.LinkedHashSet<>();
            Iterator<KeyValue> keys = new FreshScan<>(map, new KeyValue(prefix));
            while (keys.hasNext()) {
                KeyValue key = keys.next();
                for (int i = 0; i < prefix.size(); i++) {
                    if (!prefix.get(i).equals(key.get(i))) {
                        return new ArrayList<>(positions);
                    }
                }
                positions.add(key.get(key.size() - 1));
            }
            return new ArrayList<>(positions);
        }

        @Override
        public Object getPosition(Document document) {
            return null;
        }

        /**
         * The document's key values. An empty array gives none of its own (mongo-java-server multiplies arrays out),
         * so it counts as null, as MongoDB indexes it: the document is still found by the other fields. At most one
         * field of a key may be an array, so the others are single values then.
         */
        private Set<KeyValue> keyValues(Document document) {
            KeyValue strings = stringKey(fields, document);
            if (strings != null) {
                return Set.of(strings);
            }
            Set<KeyValue> values = getKeyValues(document);
            if (!values.isEmpty()) {
                return values;
            }
            List<Object> single = new ArrayList<>();
            for (String field : keys()) {
                Object value = de.bwaldvogel.mongo.backend.Utils.getSubdocumentValueCollectionAware(document, field);
                single.add(value instanceof Collection<?> || value instanceof Missing ? null : value);
            }
            return Set.of(new KeyValue(single));
        }

        /** Positions as the collection stores them (a document without {@code _id} has {@link Missing}). */
        private static Object position(Object position) {
            return Missing.ofNullable(position);
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Object> collection) {
            // refuses parallel arrays, as MongoDB does, before the document is stored (strings alone hold none)
            if (stringKey(fields, document) == null) {
                getKeyValues(document);
            }
        }

        @Override
        public void add(Document document, Object position, MongoCollection<Object> collection) {
            for (KeyValue values : keyValues(document)) {
                map.put(entry(values, position(position)), Boolean.TRUE);
            }
        }

        @Override
        public Object remove(Document document) {
            Object position = position(document.get("_id"));
            for (KeyValue values : keyValues(document)) {
                map.remove(entry(values, position));
            }
            return position;
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
            getKeyValues(newDocument);
        }

        @Override
        public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                MongoCollection<Object> collection) {
            position = position(position);
            Set<KeyValue> before = keyValues(oldDocument);
            Set<KeyValue> after = keyValues(newDocument);
            if (before.equals(after)) {
                return;
            }
            for (KeyValue values : before) {
                if (!after.contains(values)) {
                    map.remove(entry(values, position));
                }
            }
            for (KeyValue values : after) {
                map.put(entry(values, position), Boolean.TRUE);
            }
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }

        @Override
        public void drop() {
            map.clear();
        }
    }

    /** mongo-java-server's H2 unique index (whose constructor is not public), on a map of the order above. */
    private static final class OrderedIndex extends AbstractUniqueIndex<Object> {
        private final MVMap<KeyValue, Object> map;
        private final List<String> fields;

        OrderedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.fields = keys();
        }

        @Override
        public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
            KeyValue key = stringKey(fields, document);
            if (key == null) {
                super.checkAdd(document, collection);
            } else if (map.containsKey(key)) {
                throw new de.bwaldvogel.mongo.exception.DuplicateKeyError(this, collection, getKeys(), key);
            }
        }

        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            KeyValue key = stringKey(fields, document);
            if (key == null) {
                super.add(document, position, collection);
            } else if (!putKeyPosition(key, position)) {
                throw new de.bwaldvogel.mongo.exception.DuplicateKeyError(this, collection, getKeys(), key);
            }
        }

        @Override
        protected Object removeDocument(KeyValue keyValue) {
            return map.remove(keyValue);
        }

        @Override
        protected boolean putKeyPosition(KeyValue keyValue, Object position) {
            return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue keyValue) {
            return map.get(keyValue);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
