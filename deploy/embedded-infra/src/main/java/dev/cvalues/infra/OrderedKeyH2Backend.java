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
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Collection;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with documents stored as BSON, unique indexes that compare their keys without
 * serialising them, and aggregations that stream the collection instead of collecting it.
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
            boolean migrate = !s.hasMap(name) && s.hasMap(stock);
            MVMap<KeyValue, Object> map = s.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER));
            if (migrate) {
                MVMap<KeyValue, Object> old = s.openMap(stock);
                for (Map.Entry<KeyValue, Object> e : old.entrySet()) {
                    map.put(e.getKey(), e.getValue());
                }
                s.removeMap(old);
            }
            return new OrderedIndex(map, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the map names of H2Database's own openOrCreateCollection
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = store().openMap("databases." + fullName,
                    new MVMap.Builder<Object, Document>().valueType(DOCUMENTS));
            MVMap<String, Object> meta = store().openMap("meta." + fullName);
            return new StreamingCollection(this, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = stockName(collection.getCollectionName(), indexName) + SUFFIX;
            if (store().hasMap(name)) {
                store().removeMap(name);
            }
        }
    }

    /**
     * An aggregation reads the collection as a lazy stream over the map (a consistent snapshot of it). The stock
     * collection first collects every document of the collection into a list, whatever the pipeline's first
     * {@code $match}: with 120,000 scores stored, a scorecard's aggregation filled the server's heap.
     */
    private static final class StreamingCollection extends H2Collection {
        private final MVMap<Object, Document> data;

        StreamingCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
            super(database, name, options, data, meta, cursorRegistry);
            this.data = data;
        }

        @Override
        public Stream<Document> queryAllAsStream() {
            return data.values().stream();
        }
    }

    private static final DocumentType DOCUMENTS = new DocumentType();

    /** Documents as a marker byte and their BSON; without the marker, as the stock backend wrote them. */
    private static final class DocumentType extends BasicDataType<Document> {
        /** Not a tag {@link ObjectDataType} starts a value with (those are 0-127). */
        private static final byte BSON = (byte) 0xB5;
        private final ObjectDataType stock = new ObjectDataType();

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf bson = Unpooled.buffer(512);
            try {
                BsonEncoder.encodeDocument(document, bson);
            } catch (IllegalArgumentException e) {
                // a value BSON has no type for (none comes over the wire): stored as the stock backend stores it
                stock.write(buffer, document);
                return;
            }
            buffer.put(BSON);
            buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
        }

        @Override
        public Document read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != BSON) {
                return (Document) stock.read(buffer);
            }
            buffer.get();
            ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
            Document document = BsonDecoder.decodeBson(bson);
            buffer.position(buffer.position() + bson.readerIndex());
            return document;
        }

        @Override
        public int getMemory(Document document) {
            return 24 + estimate(document);
        }

        /** A rough size on the heap, for H2's cache accounting. */
        private static int estimate(Object value) {
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
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /**
     * Index keys written as a marker byte and a BSON document of their values (the stock type Java-serialises each
     * {@code KeyValue}); a key without the marker, or one with a value BSON has no type for, as the stock type writes it.
     */
    private static class KeyType extends ObjectDataType {
        /** Neither a tag of {@link ObjectDataType} nor {@link DocumentType}'s marker. */
        private static final byte BSON = (byte) 0xB6;

        @Override
        public void write(WriteBuffer buffer, Object key) {
            if (key instanceof KeyValue kv) {
                Document values = new Document();
                for (int i = 0; i < kv.size(); i++) {
                    values.put(Integer.toString(i), kv.get(i));
                }
                ByteBuf bson = Unpooled.buffer(64);
                try {
                    BsonEncoder.encodeDocument(values, bson);
                    buffer.put(BSON);
                    buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
                    return;
                } catch (IllegalArgumentException e) {
                    // a value BSON cannot carry (Missing, for a document without the indexed field)
                }
            }
            super.write(buffer, key);
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != BSON) {
                return super.read(buffer);
            }
            buffer.get();
            ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
            Document values = BsonDecoder.decodeBson(bson);
            buffer.position(buffer.position() + bson.readerIndex());
            return new KeyValue(new ArrayList<>(values.values()));
        }

        @Override
        public int getMemory(Object key) {
            return key instanceof KeyValue kv ? 40 + DocumentType.estimate(kv.stream().toList()) : super.getMemory(key);
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

        private static boolean stringsAlone(Object key) {
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
    };

    /** mongo-java-server's H2 unique index (whose constructor is not public), on a map of the order above. */
    private static final class OrderedIndex extends AbstractUniqueIndex<Object> {
        private final MVMap<KeyValue, Object> map;

        OrderedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
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
