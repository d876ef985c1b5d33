package dev.cvalues.infra;

import java.nio.file.Path;

/**
 * Runs the embedded MongoDB server as a process of the local stack:
 * {@code MongoServerMain <h2File> <port>}. Prints {@code READY <connectionString>} and flushes its H2 file
 * on SIGTERM.
 */
public final class MongoServerMain {

    public static void main(String[] args) throws InterruptedException {
        ProcessMain.usage(args, 2, "MongoServerMain <h2File> <port>");
        EmbeddedMongo mongo = EmbeddedMongo.h2File(Path.of(args[0]), Integer.parseInt(args[1]));
        ProcessMain.serveUntilTerminated(mongo, mongo.connectionString());
    }

    private MongoServerMain() {
    }
}
