package dev.cvalues.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the local stack's JVMs are started: heap, compilers and collector, class-data archives. */
final class JvmOptions {

    /**
     * Every process's heap starts small and grows as it needs: the JVM's default initial heap is a 64th of the
     * machine's memory (384 MB of 24 GiB), which each process committed and touched while its live data was 40-90 MB.
     */
    private static final String INITIAL_HEAP = "-Xms64m";

    /**
     * Seven JVMs share a laptop's few cores: the C1 compiler alone and the serial collector. On this 2-core machine
     * that made a fresh stack's first 2,000-item run 3x faster and a warm run 1.7x (C2 compiled in every process
     * all through the runs), with less memory. C1 compiling at a tenth of its usual invocation counts spends less of a
     * fresh stack's first minutes interpreting: the demo's two 72-item runs in 3.6-4.2 s each instead of 6.9-7.5 (the
     * same options everywhere), warm runs no slower.
     */
    private static final List<String> DEFAULTS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:CompileThresholdScaling=0.1");
    /**
     * Except where long loops over large data pay for C2: the MongoDB server and prompt-service's imports (SHA-256,
     * JSON, BSON). Measured side by side with C1 everywhere: a 20,000-item run's scorecard aggregations in 11 s
     * instead of 24-32, MongoDB's CPU per item a third lower, a 145k-line import in 15-16 s instead of 22 (warm);
     * prompt-service spends 0.2-0.5 CPU s more per 1,000 items of a run, which the server's saving outweighs.
     */
    private static final Map<String, List<String>> OWN = Map.of(
            "mongodb", List.of("-XX:+UseSerialGC"),
            "prompt-service", List.of("-XX:+UseSerialGC"));

    private JvmOptions() {
    }

    /**
     * The JVM options of one process of the stack ({@code kafka}, {@code mongodb} or a service):
     * {@code CVALUES_JVM_OPTIONS_<PROCESS>} (e.g. {@code CVALUES_JVM_OPTIONS_PROMPT_SERVICE}), else
     * {@code CVALUES_JVM_OPTIONS}, space-separated, replacing the default.
     */
    static List<String> of(String process) {
        String own = System.getenv("CVALUES_JVM_OPTIONS_" + process.toUpperCase(Locale.ROOT).replace('-', '_'));
        String set = own != null ? own : System.getenv("CVALUES_JVM_OPTIONS");
        if (set == null) {
            return OWN.getOrDefault(process, DEFAULTS);
        }
        return set.isBlank() ? List.of() : List.of(set.trim().split("\\s+"));
    }

    /**
     * How one process's JVM starts, up to its class path or jar: java, the heap, the process's options, and those of
     * its class-data archive ({@code archive} null: none; none either when {@code CVALUES_CLASS_DATA} is {@code off}),
     * which are probed with {@code classPath} ({@code -cp …}).
     */
    static List<String> command(String process, String heap, ClassDataArchive archive, List<String> classPath) {
        List<String> options = new ArrayList<>(List.of(heap, INITIAL_HEAP));
        options.addAll(of(process));
        List<String> command = new ArrayList<>(List.of(LocalStack.java()));
        command.addAll(options);
        if (archive != null && !"off".equalsIgnoreCase(System.getenv("CVALUES_CLASS_DATA"))) {
            command.addAll(archive.options(options, classPath));
        }
        return command;
    }
}
