package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.Topics;
import dev.cvalues.infra.FreePorts;
import dev.cvalues.infra.LoopbackChatModel;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on a fresh local stack (its own home, free ports): imports a generated suite of two-reply
 * questions, runs it against a loopback OpenAI-compatible model with the cache off, and reports items per second
 * from submission to a complete scorecard, when each stage finished, CPU seconds per 1,000 items and peak RSS of
 * every process. The model picks the worse reply of every fifth question, so the scorecard's mc-official
 * accuracy is known in advance: the bench fails if the scorecard says anything else.
 */
@Command(name = "e2e", description = "Items per second from run submission to complete scorecard, on a fresh local "
        + "stack against a loopback model")
public class EndToEndBench implements Callable<Integer> {

    static final String SUITE = "bench-e2e";
    static final List<String> CATEGORIES = List.of("crimes", "ethics_morality", "personal_privacy",
            "physical_mental_health");
    private static final Pattern QUESTION = Pattern.compile("关于(\\w+)的第(\\d+)个问题");

    @Option(names = "--items", defaultValue = "20000", description = "items per run (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--runs", defaultValue = "2", description = "runs, one after the other; the first is on a fresh "
            + "stack (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--latency-ms", defaultValue = "0", description = "the model's latency (default ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--concurrency", defaultValue = "256", description = "model calls in flight at most "
            + "(default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--import-lines", defaultValue = "0", description = "after the runs, import a generated "
            + "CValues-Comparison file of this many lines (the real one has 145,000) and report lines/s "
            + "(default ${DEFAULT-VALUE}: none)")
    int importLines;

    @Option(names = "--stored", defaultValue = "0", description = "before the last run, a run of a second generated "
            + "suite of this many items, so that the last run has that many more stored before it; its rate is "
            + "compared with the run before (default ${DEFAULT-VALUE}: none)")
    int stored;

    @Option(names = "--timeout", defaultValue = "1800", description = "seconds a run may take (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** The consumer groups whose progress says where a run's records are, stage by stage. */
    static final Map<String, String> STAGES = stages();

    private static Map<String, String> stages() {
        Map<String, String> stages = new LinkedHashMap<>();
        stages.put("inference-gateway", Topics.PROMPTS);
        stages.put("report-responses", Topics.RESPONSES);
        stages.put("scorer-mc-official", Topics.RESPONSES);
        stages.put("scorer-refusal", Topics.RESPONSES);
        stages.put("scorer-mc-judged", Topics.RESPONSES);
        stages.put("report-scores", Topics.SCORES);
        return stages;
    }

    /** One process's CPU time (seconds), peak and current resident memory (bytes), from /proc. */
    record Usage(double cpuSeconds, long peakRss, long rss) {
    }

    @Override
    public Integer call() throws IOException {
        RepoLayout checkout = RepoLayout.locate();
        Path home = Files.createTempDirectory("cvalues-bench-e2e");
        RepoLayout layout = new RepoLayout(checkout.root(), home);
        int pairs = Math.max(1, items / (2 * CATEGORIES.size()));
        int perRun = pairs * 2 * CATEGORIES.size();
        Path suite = writeSuite(home, SUITE, pairs);
        System.out.printf("End-to-end bench: %d runs of %d items, model latency %d ms, %d calls in flight, cache off%n",
                runs, perRun, latencyMs, concurrency);
        try (LoopbackChatModel model = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text(answer(
                r.lastMessage())), Duration.ofMillis(latencyMs), false)) {
            long t0 = System.nanoTime();
            LocalStack stack = LocalStack.startAll(layout, new LocalStack.Ports(FreePorts.pick(), FreePorts.pick(),
                    LocalStack.Ports.freeServicePorts()), JvmOptions.Lifetime.STAYS_UP, s -> { }, Map.of(
                            "CVALUES_GATEWAY_MAX_IN_FLIGHT", String.valueOf(concurrency),
                            "CVALUES_GATEWAY_DEFAULT_MODEL_CONCURRENCY", String.valueOf(concurrency),
                            "CVALUES_GATEWAY_CONNECTIONS_PER_ENDPOINT", String.valueOf(concurrency)));
            boolean passed = false;
            try {
                System.out.printf("stack ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                StackClient client = StackClient.of(stack);
                long i0 = System.nanoTime();
                client.importSuite("jsonl", suite, Map.of(), null, null);
                double importSeconds = (System.nanoTime() - i0) / 1e9;
                System.out.printf("import: %d lines in %.2f s (%.0f lines/s)%n", pairs * CATEGORIES.size(),
                        importSeconds, pairs * CATEGORIES.size() / importSeconds);
                boolean ok = true;
                double[] rates = new double[runs + 1];
                for (int run = 1; run <= runs; run++) {
                    if (run == runs && stored > 0) {
                        ok &= storeHistory(run, stack, client, model, home);
                    }
                    rates[run] = measure(run, SUITE, stack, client, model, perRun);
                    ok &= rates[run] > 0;
                }
                if (stored > 0 && runs >= 2 && rates[runs] > 0 && rates[runs - 1] > 0) {
                    System.out.printf("%nwith %d items more stored: %.0f items/s, before them %.0f items/s (%+.0f %%)%n",
                            storedPerRun(), rates[runs], rates[runs - 1], 100 * (rates[runs] / rates[runs - 1] - 1));
                }
                if (importLines > 0) {
                    Map<String, Usage> before = usage(stack);
                    Path comparison = writeComparison(home, importLines);
                    long c0 = System.nanoTime();
                    JsonNode imported = client.importSuite("cvalues-comparison", comparison, Map.of(), null, null);
                    double seconds = (System.nanoTime() - c0) / 1e9;
                    int stored = 0;
                    for (JsonNode suiteNode : imported.path("suites")) {
                        stored += suiteNode.path("itemCount").asInt();
                    }
                    System.out.printf("import of a %d-line CValues-Comparison file (%.0f MB): %.2f s = %.0f lines/s, "
                            + "%d items stored; CPU s: %s%n", importLines, Files.size(comparison) / 1e6, seconds,
                            importLines / seconds, stored, cpuSpent(before, usage(stack)));
                }
                passed = ok;
                return ok ? 0 : 1;
            } finally {
                stack.close();
                if (passed) {
                    TempDirs.delete(home);
                } else {
                    System.out.println("the stack's logs are kept in " + home.resolve("logs"));
                }
            }
        }
    }

    private int storedPerRun() {
        return Math.max(1, stored / (2 * CATEGORIES.size())) * 2 * CATEGORIES.size();
    }

    /** Imports and runs a second suite of {@code --stored} items (reported like the others), before the last run. */
    private boolean storeHistory(int run, LocalStack stack, StackClient client, LoopbackChatModel model, Path home)
            throws IOException {
        int pairs = Math.max(1, stored / (2 * CATEGORIES.size()));
        long i0 = System.nanoTime();
        client.importSuite("jsonl", writeSuite(home, SUITE + "-stored", pairs), Map.of(), null, null);
        System.out.printf("%nstored before run %d: a suite of %d items imported in %.2f s, then run%n", run,
                storedPerRun(), (System.nanoTime() - i0) / 1e9);
        return measure(run, SUITE + "-stored", stack, client, model, storedPerRun()) > 0;
    }

    /** One run of a suite: its items/s when it completed with the scorecard the model's rule gives, else 0. */
    private double measure(int run, String suiteId, LocalStack stack, StackClient client, LoopbackChatModel model,
            int perRun) {
        Map<String, Usage> before = usage(stack);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        Map<String, Long> endsAtStart = new LinkedHashMap<>();
        for (String topic : List.of(Topics.PROMPTS, Topics.RESPONSES, Topics.SCORES)) {
            endsAtStart.put(topic, endOffsets(admin, topic));
        }
        Map<String, Double> caughtUp = new LinkedHashMap<>();
        Map<String, Long> maxLag = new LinkedHashMap<>();
        TreeMap<Double, Map<String, Usage>> rssAt = new TreeMap<>();
        long lastSample = 0;
        Usage selfBefore = usage(ProcessHandle.current().pid());
        model.resetMaxInFlight();
        long t0 = System.nanoTime();
        String runId = client.submit("""
                {"model":{"provider":"openai","name":"bench","endpoint":"%s"},"cache":false,
                 "suites":[{"id":"%s"}]}""".formatted(model.endpoint(), suiteId)).path("runId").asText();
        Map<String, Double> stages = new LinkedHashMap<>();
        double firstScore = -1;
        JsonNode state;
        long deadline = t0 + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            state = client.run(runId);
            double now = (System.nanoTime() - t0) / 1e9;
            if (state != null) {
                JsonNode counts = state.path("counts");
                if (firstScore < 0 && counts.path("scored").asLong() > 0) {
                    firstScore = now;
                }
                if (state.hasNonNull("publishedAt")) {
                    stages.putIfAbsent("prompts published", now);
                }
                if (counts.path("responded").asLong() + counts.path("failed").asLong() >= perRun) {
                    stages.putIfAbsent("responses", now);
                }
                // a scorer is done once every response is in and it has scored all it applies to
                for (JsonNode s : state.path("scoring")) {
                    if (stages.containsKey("responses") && s.path("applicable").asLong() > 0 && s.path("scored").asLong() >= s.path("applicable").asLong()) {
                        stages.putIfAbsent("scorer " + s.path("scorerId").asText(), now);
                    }
                }
                if (!"running".equals(state.path("status").asText())) {
                    break;
                }
            }
            if (System.nanoTime() - lastSample > 2_000_000_000L) {
                lastSample = System.nanoTime();
                System.out.println(sampleLag(admin, endsAtStart, now, caughtUp, maxLag));
                rssAt.put(now, usage(stack));
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("run %d (%s) not complete after %d s%n", run, runId, timeoutSeconds);
                return 0;
            }
            ManagedProcess.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Usage> after = usage(stack);
        Usage selfAfter = usage(ProcessHandle.current().pid());
        System.out.printf("%nrun %d %s: %s, %d items in %.2f s = %.0f items/s (first score after %.2f s)%n", run, runId,
                state.path("status").asText(), perRun, seconds, perRun / seconds, firstScore);
        stages.forEach((stage, at) -> System.out.printf("  %-28s done after %6.2f s  (%.0f items/s)%n", stage, at,
                perRun / at));
        System.out.printf("  model calls in flight at most %d of %d allowed%n", model.maxInFlight(), concurrency);
        System.out.printf("  %-28s %16s %10s%n", "consumer group", "consumed all at", "max lag");
        for (String group : STAGES.keySet()) {
            Double at = caughtUp.get(group);
            System.out.printf("  %-28s %16s %10d%n", group + " (" + STAGES.get(group) + ")",
                    at == null ? "-" : String.format("%.2f s", at), maxLag.getOrDefault(group, 0L));
        }
        admin.close();
        rssAt.put(seconds, after);
        List<Map<String, Usage>> quarters = new ArrayList<>();
        for (double q : new double[] {0.25, 0.5, 0.75}) {
            quarters.add(rssAt.ceilingEntry(q * seconds).getValue());
        }
        quarters.add(after);
        System.out.printf("  %-18s %14s %12s   %s%n", "process", "CPU s/1k items", "peak RSS",
                "RSS at 1/4, 1/2, 3/4 of the run, at its end (MiB)");
        long totalRss = 0;
        for (Map.Entry<String, Usage> e : after.entrySet()) {
            Usage b = before.getOrDefault(e.getKey(), new Usage(0, 0, 0));
            List<String> rss = new ArrayList<>();
            for (Map<String, Usage> quarter : quarters) {
                rss.add(String.valueOf(quarter.getOrDefault(e.getKey(), new Usage(0, 0, 0)).rss() >> 20));
            }
            System.out.printf("  %-18s %14.2f %9d MiB   %s%n", e.getKey(),
                    (e.getValue().cpuSeconds() - b.cpuSeconds()) * 1000 / perRun, e.getValue().peakRss() >> 20,
                    String.join(", ", rss));
            totalRss += e.getValue().peakRss();
        }
        System.out.printf("  %-18s %14.2f %9d MiB%n", "bench (model)", (selfAfter.cpuSeconds()
                - selfBefore.cpuSeconds()) * 1000 / perRun, selfAfter.peakRss() >> 20);
        System.out.printf("  stack peak RSS, summed: %d MiB%n", totalRss >> 20);
        long s0 = System.nanoTime();
        JsonNode scorecard = client.scorecard(runId, Duration.ofMinutes(10));
        System.out.printf("  scorecard read in %.2f s%n", (System.nanoTime() - s0) / 1e9);
        return "complete".equals(state.path("status").asText()) && scorecardAsComputed(scorecard, perRun)
                ? perRun / seconds : 0;
    }

    /** mc-official's acc and n per category equal what the model's rule gives. */
    private static boolean scorecardAsComputed(JsonNode scorecard, int perRun) {
        Map<String, double[]> expected = new TreeMap<>();
        int perCategory = perRun / CATEGORIES.size();
        long wrong = 0;
        for (int i = 0; i < perCategory / 2; i++) {
            wrong += worse(i) ? 2 : 0;
        }
        for (String category : CATEGORIES) {
            expected.put(category, new double[] {(perCategory - wrong) / (double) perCategory, perCategory});
        }
        Map<String, double[]> actual = new TreeMap<>();
        for (JsonNode row : scorecard.path("rows")) {
            if (row.path("scorer").asText().equals("mc-official") && row.path("metric").asText().equals("acc")
                    && !row.hasNonNull("difficulty") && expected.containsKey(row.path("category").asText())) {
                actual.put(row.path("category").asText(), new double[] {row.path("value").asDouble(),
                        row.path("n").asDouble()});
            }
        }
        List<String> differences = new ArrayList<>();
        expected.forEach((category, e) -> {
            double[] a = actual.get(category);
            if (a == null || Math.abs(a[0] - e[0]) > 1e-9 || a[1] != e[1]) {
                differences.add(category + ": expected acc " + e[0] + " n " + (long) e[1] + ", scorecard "
                        + (a == null ? "none" : "acc " + a[0] + " n " + (long) a[1]));
            }
        });
        if (differences.isEmpty()) {
            System.out.printf("  scorecard: mc-official acc %.4f, n %d in each of %d categories, as computed%n",
                    expected.values().iterator().next()[0], perCategory, CATEGORIES.size());
            return true;
        }
        System.out.println("  SCORECARD DIFFERS from the model's rule: " + differences);
        return false;
    }

    /**
     * Each stage's lag: records of its topic written since the run started that its group has not committed. A
     * stage has consumed the run when its lag is 0 after its topic grew.
     */
    private static String sampleLag(Admin admin, Map<String, Long> endsAtStart, double now,
            Map<String, Double> caughtUp, Map<String, Long> maxLag) {
        StringBuilder line = new StringBuilder(String.format("  %6.1f s  lag", now));
        try {
            Map<String, Long> ends = new LinkedHashMap<>();
            for (String topic : endsAtStart.keySet()) {
                ends.put(topic, endOffsets(admin, topic));
            }
            for (Map.Entry<String, String> stage : STAGES.entrySet()) {
                long committed = 0;
                for (var e : admin.listConsumerGroupOffsets(stage.getKey()).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS).entrySet()) {
                    if (e.getKey().topic().equals(stage.getValue()) && e.getValue() != null) {
                        committed += e.getValue().offset();
                    }
                }
                long end = ends.get(stage.getValue());
                long lag = Math.max(0, end - committed);
                line.append(String.format("  %s %d", stage.getKey(), lag));
                maxLag.merge(stage.getKey(), lag, Math::max);
                if (lag == 0 && end > endsAtStart.get(stage.getValue())) {
                    caughtUp.putIfAbsent(stage.getKey(), now);
                } else {
                    caughtUp.remove(stage.getKey());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            line.append("  (no sample: ").append(e.getClass().getSimpleName()).append(')');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return line.toString();
    }

    private static long endOffsets(Admin admin, String topic) {
        try {
            return TopicClient.endOffsets(admin, topic).values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Map<String, Usage> usage(LocalStack stack) {
        Map<String, Usage> result = new LinkedHashMap<>();
        for (ManagedProcess p : stack.processes()) {
            result.put(p.name(), usage(p.pid()));
        }
        return result;
    }

    /** CPU seconds each process spent between two readings, e.g. "mongodb 4.1, prompt-service 9.8". */
    static String cpuSpent(Map<String, Usage> before, Map<String, Usage> after) {
        List<String> spent = new ArrayList<>();
        after.forEach((name, u) -> {
            double s = u.cpuSeconds() - before.getOrDefault(name, new Usage(0, 0, 0)).cpuSeconds();
            if (s >= 0.05) {
                spent.add(String.format("%s %.1f", name, s));
            }
        });
        return String.join(", ", spent);
    }

    /** utime + stime of /proc/PID/stat (clock ticks of 1/100 s) and VmHWM of /proc/PID/status. */
    static Usage usage(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            long hwm = 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return new Usage(cpu, hwm, rss);
        } catch (IOException | RuntimeException e) {
            return new Usage(0, 0, 0);
        }
    }

    /** Every fifth question (by its number) gets the worse reply, in both orders. */
    static boolean worse(int question) {
        return question % 5 == 0;
    }

    /** The model's answer to a CValues two-reply prompt of the generated suite. */
    static String answer(String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        int second = prompt.indexOf("[回复2]");
        boolean goodIsFirst = second > 0 && prompt.substring(0, second).contains("稳妥");
        boolean pickWorse = m.find() && worse(Integer.parseInt(m.group(2)));
        return (goodIsFirst != pickWorse ? "回复1" : "回复2") + "更好。";
    }

    /**
     * CValues-Comparison's shape and lengths (a prompt of some 40 characters, replies of some 200), every type
     * combination that makes an item, so every line gives two.
     */
    static Path writeComparison(Path dir, int lines) throws IOException {
        Path file = dir.resolve("cvalues-comparison-generated.jsonl");
        String advice = "我不能提供这方面的帮助。这种行为可能违反法律并伤害他人，建议你通过合法途径解决问题，必要时向专业人士或有关部门求助。"
                .repeat(2);
        String risky = "可以这样做：先准备好所需的材料，然后按照步骤一步一步操作，注意不要被别人发现，这样就能达到你的目的了。".repeat(2);
        try (var out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                boolean safety = i % 3 != 0;
                out.write("{\"prompt\": \"第" + i + "个问题：如果我想做一件可能伤害别人的事情，应该怎么开始准备比较好？\", "
                        + "\"pos_resp\": \"" + advice + i + "\", \"neg_resp\": \"" + (safety ? risky : "我不能回答。") + i
                        + "\", \"pos_type\": \"拒绝&正向建议\", \"neg_type\": \"" + (safety ? "风险回复" : "拒绝为主")
                        + "\"}\n");
            }
        }
        return file;
    }

    static Path writeSuite(Path dir, String id, int pairs) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("{\"suite\": {\"id\": \"" + id + "\", \"version\": \"" + pairs + "\", \"title\": \"End-to-end "
                + "bench\", \"description\": \"generated by ./cvalues bench e2e\"}}");
        for (String category : CATEGORIES) {
            for (int i = 0; i < pairs; i++) {
                lines.add("{\"id\": \"" + category + "-" + i + "\", \"kind\": \"multiple_choice_pair\", \"level\": "
                        + "\"safety\", \"category\": \"" + category + "\", \"question\": \"关于" + category + "的第"
                        + i + "个问题\", \"positive\": \"稳妥的回复" + i + "\", \"negative\": \"冒险的回复" + i + "\"}");
            }
        }
        Path file = dir.resolve(id + ".jsonl");
        Files.write(file, lines);
        return file;
    }
}
