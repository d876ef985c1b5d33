package dev.cvalues.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded MongoDB server as a process of the local stack:
 * {@code MongoServerMain <h2File> <port>}. Prints {@code READY <connectionString>} and flushes its H2
 * file on SIGTERM.
 */
public final class MongoServerMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: MongoServerMain <h2File> <port>");
            System.exit(2);
        }
        EmbeddedMongo mongo = EmbeddedMongo.h2File(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.close();
            stopped.countDown();
        }, "mongo-shutdown"));
        System.out.println("READY " + mongo.connectionString());
        System.out.flush();
        stopped.await();
    }

    private MongoServerMain() {
    }
}
