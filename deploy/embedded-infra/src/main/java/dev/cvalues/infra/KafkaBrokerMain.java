package dev.cvalues.infra;

import java.nio.file.Path;

/**
 * Runs the embedded Kafka broker as a process of the local stack:
 * {@code KafkaBrokerMain <dataDir> <port> [<controllerPort> <scramPort>]} (the stack picks every port of its
 * processes in one place, so no two are given the same). Creates the catalogue topics, prints
 * {@code READY <bootstrap>} and stops cleanly on SIGTERM.
 */
public final class KafkaBrokerMain {

    public static void main(String[] args) throws InterruptedException {
        ProcessMain.usage(args, args.length == 4 ? 4 : 2, "KafkaBrokerMain <dataDir> <port> [<controllerPort> <scramPort>]");
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]),
                args.length == 4 ? Integer.parseInt(args[2]) : 0, args.length == 4 ? Integer.parseInt(args[3]) : 0);
        kafka.createCatalogueTopics();
        ProcessMain.serveUntilTerminated(kafka, kafka.bootstrapServers());
    }

    private KafkaBrokerMain() {
    }
}
