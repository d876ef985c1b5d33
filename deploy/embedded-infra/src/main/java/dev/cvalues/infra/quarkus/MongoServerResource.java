package dev.cvalues.infra.quarkus;

import dev.cvalues.infra.EmbeddedMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Test resource: an in-memory MongoDB wire-protocol server, one per test JVM. */
public class MongoServerResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedMongo mongo;

    public static synchronized String connectionString() {
        if (mongo == null) {
            mongo = EmbeddedMongo.inMemory(0);
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "embedded-mongo-shutdown"));
        }
        return mongo.connectionString();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mongodb.connection-string", connectionString());
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by the shutdown hook
    }
}
