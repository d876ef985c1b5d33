package dev.cvalues.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server (mongo-java-server) on 127.0.0.1: in memory for tests, backed by an H2
 * file for the local stack (with {@link OrderedKeyH2Backend}'s documents and indexes; the in-memory server ignores
 * non-unique indexes). It has no transactions, which is why the pipeline relies only on idempotent upserts with
 * deterministic ids.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, String connectionString) {
        this.server = server;
        this.connectionString = connectionString;
    }

    public static EmbeddedMongo inMemory(int port) {
        return start(new MemoryBackend(), port);
    }

    public static EmbeddedMongo h2File(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // H2 compacts its file by rewriting live pages until 90 % of it is live: a third of the server's CPU
        // under a run. At 50 % the file may be up to twice its data, and the rewriting is rare.
        MVStore store = new MVStore.Builder().fileName(file.toAbsolutePath().toString())
                .autoCompactFillRate(50).open();
        return start(new OrderedKeyH2Backend(store), port);
    }

    private static EmbeddedMongo start(MongoBackend backend, int port) {
        // driver 5.x needs wire version 8 or later; the default (3.6) breaks every call
        backend.version(ServerVersion.MONGO_5_0);
        // no oplog: nothing watches a change stream, and keeping one costs a write per write
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        return new EmbeddedMongo(server, "mongodb://127.0.0.1:" + address.getPort());
    }

    public String connectionString() {
        return connectionString;
    }

    /** Closes client connections, then flushes and closes the backend (the H2 file stays consistent). */
    @Override
    public void close() {
        server.shutdown();
    }
}
