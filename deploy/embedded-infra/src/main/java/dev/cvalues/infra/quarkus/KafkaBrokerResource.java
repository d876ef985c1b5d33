package dev.cvalues.infra.quarkus;

import dev.cvalues.infra.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Test resource: the real Kafka broker, in-process, one per test JVM (started on first use, stopped at
 * exit), with the catalogue topics created. Tests read {@link #bootstrapServers()} to produce and consume.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafka kafka;

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The shared broker, started on first use. */
    public static synchronized EmbeddedKafka broker() {
        if (kafka == null) {
            try {
                var dir = Files.createTempDirectory("cvalues-kafka-");
                kafka = EmbeddedKafka.start(dir, 0);
                kafka.createCatalogueTopics();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    kafka.close();
                    TempDirs.delete(dir);
                }, "embedded-kafka-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kafka;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by the shutdown hook
    }
}
