package dev.cvalues.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Kafka broker as a process of the local stack:
 * {@code KafkaBrokerMain <dataDir> <port>}. Prints {@code READY <bootstrap>} once it serves requests and
 * stops cleanly on SIGTERM.
 */
public final class KafkaBrokerMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <dataDir> <port>");
            System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        kafka.createCatalogueTopics();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println("READY " + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private KafkaBrokerMain() {
    }
}
