package dev.cvalues.infra;

import java.util.concurrent.CountDownLatch;

/** What the local stack's infrastructure processes share: announce readiness, then serve until SIGTERM. */
final class ProcessMain {

    static void usage(String[] args, int expected, String usage) {
        if (args.length != expected) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
    }

    /** Prints {@code READY <address>} (the launcher waits for it) and blocks until the JVM is told to stop. */
    static void serveUntilTerminated(AutoCloseable server, String address) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }, "shutdown"));
        System.out.println("READY " + address);
        System.out.flush();
        stopped.await();
    }

    private ProcessMain() {
    }
}
