package dev.cvalues.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things are: the checkout with its packaged services, and the home of a local stack (Kafka logs, the
 * MongoDB file, process logs, the stack file), {@code .cvalues/} of the checkout unless {@code CVALUES_HOME}
 * names another directory.
 */
public record RepoLayout(Path root, Path home) {

    public static final List<String> SERVICES = List.of("prompt-service", "inference-gateway", "scoring-service",
            "report-service");

    /** The checkout named by {@code -Dcvalues.repo}, else the nearest parent of the working directory with a pom.xml and cvalues. */
    public static RepoLayout locate() {
        String configured = System.getProperty("cvalues.repo");
        if (configured != null) {
            return of(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.exists(p.resolve("cvalues"))) {
                return of(p);
            }
        }
        throw new IllegalStateException("cannot find the cvalues-pipeline checkout; run ./cvalues from it");
    }

    private static RepoLayout of(Path root) {
        String home = System.getenv("CVALUES_HOME");
        return new RepoLayout(root, home != null ? Path.of(home).toAbsolutePath() : root.resolve(".cvalues"));
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** A process's class-data archive: beside a service's quarkus-app, or the launcher's jar for the broker and database. */
    public Path classDataArchive(String process) {
        return SERVICES.contains(process) ? root.resolve(process).resolve("target/class-data.jsa")
                : root.resolve("deploy/launcher/target/class-data-" + process + ".jsa");
    }
}
