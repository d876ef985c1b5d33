package dev.cvalues.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the local stack's JVMs are started: heap, compilers and collector, class-data archives. */
final class JvmOptions {

    /**
     * Every process's heap starts small and grows as it needs: the JVM's default initial heap is a 64th of the
     * machine's memory (384 MB of 24 GiB), which each process committed and touched while its live data was 40-90 MB.
     */
    private static final String INITIAL_HEAP = "-Xms64m";

    /**
     * How long a stack is meant to live, which decides its compilers. Seven JVMs share a laptop's few cores, so every
     * process runs the serial collector and C1 compiling at a tenth of its usual invocation counts (a fresh stack
     * interprets less: the demo's 72-item runs in 3.6-4.2 s instead of 6.9-7.5).
     */
    enum Lifetime {
        /**
         * One job, then stopped (the demo, tests' services): C1 alone. With C2 as well, even at ten times its usual
         * counts, the demo's runs took 4.7-5.9 s instead of 3.2-3.5, its services ready in 13.5-14 s instead of 9-11.5.
         */
        ONE_JOB(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CompileThresholdScaling=0.1")),
        /**
         * Left running (up, the bench): C2 as well, for what stays hot, at twice its usual counts (the scaling applies
         * to these flags too, hence 20 times the defaults). On this 2-core machine, 20,000-item runs back to back: the
         * third and fourth 1,073 and 1,148 items/s instead of 813 and 796 with C1 alone (CPU per item a third lower
         * in gateway, scoring and report), the first, on the fresh stack, 233 items/s instead of 394 while C2 compiles.
         */
        STAYS_UP(List.of("-XX:+UseSerialGC", "-XX:CompileThresholdScaling=0.1",
                "-XX:Tier4InvocationThreshold=100000", "-XX:Tier4MinInvocationThreshold=12000",
                "-XX:Tier4CompileThreshold=300000", "-XX:Tier4BackEdgeThreshold=800000"));

        private final List<String> options;

        Lifetime(List<String> options) {
            this.options = options;
        }

        List<String> options() {
            return options;
        }
    }

    private JvmOptions() {
    }

    /**
     * The JVM options of one process of the stack ({@code kafka}, {@code mongodb} or a service):
     * {@code CVALUES_JVM_OPTIONS_<PROCESS>} (e.g. {@code CVALUES_JVM_OPTIONS_PROMPT_SERVICE}), else
     * {@code CVALUES_JVM_OPTIONS}, space-separated, replacing the lifetime's.
     */
    static List<String> of(String process, Lifetime lifetime) {
        String own = System.getenv("CVALUES_JVM_OPTIONS_" + process.toUpperCase(Locale.ROOT).replace('-', '_'));
        String set = own != null ? own : System.getenv("CVALUES_JVM_OPTIONS");
        if (set == null) {
            return lifetime.options;
        }
        return set.isBlank() ? List.of() : List.of(set.trim().split("\\s+"));
    }

    /**
     * How one process's JVM starts, up to its class path or jar: java, the heap, the process's options, and those of
     * its class-data archive ({@code archive} null: none; none either when {@code CVALUES_CLASS_DATA} is {@code off}),
     * which are probed with {@code classPath} ({@code -cp …}).
     */
    static List<String> command(String process, Lifetime lifetime, String heap, ClassDataArchive archive,
            List<String> classPath) {
        List<String> options = new ArrayList<>(List.of(heap, INITIAL_HEAP));
        options.addAll(of(process, lifetime));
        List<String> command = new ArrayList<>(List.of(LocalStack.java()));
        command.addAll(options);
        if (archive != null && !"off".equalsIgnoreCase(System.getenv("CVALUES_CLASS_DATA"))) {
            command.addAll(archive.options(options, classPath));
        }
        return command;
    }
}
