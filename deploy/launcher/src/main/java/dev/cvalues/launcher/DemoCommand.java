package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Start the local stack, run the bundled sample suite against the offline "
        + "baselines (baseline:random, baseline:refuse), print each run's scorecard, then stop everything.")
public class DemoCommand implements Callable<Integer> {

    record DemoRun(String label, String request) {
    }

    /** The runs of the demo: the bundled suite against each offline baseline. */
    static final List<DemoRun> RUNS = List.of(
            new DemoRun("baseline:random (seed 42)", """
                    {"model":{"provider":"baseline:random","parameters":{"seed":42}},"suites":[{"id":"cvalues-sample"}]}"""),
            new DemoRun("baseline:refuse", """
                    {"model":{"provider":"baseline:refuse"},"suites":[{"id":"cvalues-sample"}]}"""));

    @Mixin
    StackOptions options;

    @Option(names = "--keep", description = "leave the stack running and print its URLs (./cvalues down stops it)")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the runs (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        RepoLayout layout = RepoLayout.locate();
        Optional<LocalStack> running = LocalStack.attach(layout);
        LocalStack stack;
        if (running.isPresent()) {
            System.out.println("Using the local stack already running.");
            stack = running.get();
        } else {
            System.out.println("Starting the local stack (data in " + layout.home() + ")");
            // a stack kept after the demo is left running as ./cvalues up leaves it
            stack = LocalStack.startAll(layout, options.ports(),
                    keep ? JvmOptions.Lifetime.STAYS_UP : JvmOptions.Lifetime.ONE_JOB, System.out::println);
        }
        boolean stopAtEnd = running.isEmpty() && !keep;
        Thread stopOnInterrupt = new Thread(stack::close, "stop-local-stack");
        if (stopAtEnd) {
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        }
        try {
            return runAll(StackClient.of(stack));
        } finally {
            if (stopAtEnd) {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                long t0 = System.nanoTime();
                stack.close();
                System.out.printf("Stopped the local stack in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
            } else {
                System.out.println("The local stack keeps running (./cvalues down stops it):");
                StatusCommand.printUrls(stack);
            }
        }
    }

    private int runAll(StackClient client) {
        record Submitted(String label, String runId, long startedAt) {
        }
        List<Submitted> runs = new ArrayList<>();
        for (DemoRun demoRun : RUNS) {
            JsonNode answer = client.submit(demoRun.request());
            runs.add(new Submitted(demoRun.label(), answer.path("runId").asText(), System.nanoTime()));
            System.out.printf("Submitted %s: run %s, %d items%n", demoRun.label(), answer.path("runId").asText(),
                    answer.path("expectedItems").asInt());
        }

        ProgressLines progress = new ProgressLines(System.out);
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (seconds.size() < runs.size()) {
            for (Submitted run : runs) {
                if (seconds.containsKey(run.runId())) {
                    continue;
                }
                JsonNode state = client.run(run.runId());
                if (state != null) {
                    latest.put(run.runId(), state);
                    if (!"running".equals(state.path("status").asText())) {
                        seconds.put(run.runId(), (System.nanoTime() - run.startedAt()) / 1e9);
                    }
                }
            }
            progress.show(runs.stream().map(r -> progressLine(r.label(), latest.get(r.runId()))).toList(),
                    seconds.size() == runs.size());
            if (System.nanoTime() > deadline) {
                System.out.println("Timed out after " + timeoutSeconds + " s waiting for the runs.");
                return 1;
            }
            ManagedProcess.sleep(100);
        }

        boolean allComplete = true;
        for (Submitted run : runs) {
            JsonNode state = latest.get(run.runId());
            JsonNode counts = state.path("counts");
            System.out.printf("%nRun %s · %s · %s in %.1f s · %d items: %d responded, %d failed%n", run.runId(),
                    run.label(), state.path("status").asText(), seconds.get(run.runId()), counts.path("expected").asInt(),
                    counts.path("responded").asInt(), counts.path("failed").asInt());
            System.out.print(ScorecardTable.render(client.scorecard(run.runId())));
            allComplete &= "complete".equals(state.path("status").asText());
        }
        System.out.println();
        System.out.println("acc = Acc (correct / all items), acc_star = Acc* (correct / items not Refuse or Need_Check),"
                + " n = exact denominator.");
        return allComplete ? 0 : 1;
    }

    static String progressLine(String label, JsonNode run) {
        if (run == null) {
            return String.format("  %-26s waiting for the run to start", label);
        }
        JsonNode c = run.path("counts");
        StringBuilder scoring = new StringBuilder();
        for (JsonNode s : run.path("scoring")) {
            scoring.append(String.format("  %s %d/%d", s.path("scorerId").asText(), s.path("scored").asInt(),
                    s.path("applicable").asInt()));
        }
        return String.format("  %-26s %-8s responded %d/%s  failed %d%s", label, run.path("status").asText(),
                c.path("responded").asInt(), c.path("expected").isNull() ? "?" : c.path("expected").asText(),
                c.path("failed").asInt(), scoring);
    }
}
