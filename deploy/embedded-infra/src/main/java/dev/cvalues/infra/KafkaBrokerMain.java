package dev.cvalues.infra;

import java.nio.file.Path;

/**
 * Runs the embedded Kafka broker as a process of the local stack:
 * {@code KafkaBrokerMain <dataDir> <port>}. Creates the catalogue topics, prints {@code READY <bootstrap>}
 * and stops cleanly on SIGTERM.
 */
public final class KafkaBrokerMain {

    public static void main(String[] args) throws InterruptedException {
        ProcessMain.usage(args, 2, "KafkaBrokerMain <dataDir> <port>");
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        kafka.createCatalogueTopics();
        ProcessMain.serveUntilTerminated(kafka, kafka.bootstrapServers());
    }

    private KafkaBrokerMain() {
    }
}
