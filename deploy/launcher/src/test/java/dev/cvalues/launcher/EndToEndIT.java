package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.infra.EmbeddedKafka;
import dev.cvalues.infra.EmbeddedMongo;
import dev.cvalues.infra.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four packaged services as processes, on one Kafka broker and one MongoDB server run by this test:
 * runs of the bundled sample suite go from submission to a complete scorecard, and the scorecard equals
 * what this test computes on its own from the suite file and the baseline's documented seeded choice.
 */
class EndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafka kafka;
    static EmbeddedMongo mongo;
    static LocalStack stack;
    static StackClient client;
    static RepoLayout layout;

    @BeforeAll
    static void startEverything() throws IOException {
        RepoLayout repo = RepoLayout.locate();
        layout = new RepoLayout(repo.root(), repo.root().resolve("deploy/launcher/target/e2e"));
        kafka = EmbeddedKafka.start(Files.createTempDirectory("e2e-kafka"), 0);
        kafka.createCatalogueTopics();
        mongo = EmbeddedMongo.inMemory(0);
        stack = LocalStack.startServices(layout, kafka.bootstrapServers(), mongo.connectionString(),
                LocalStack.Ports.freeServicePorts(), System.out::println, Map.of());
        client = StackClient.of(stack);
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void randomBaselineScorecardEqualsTheValuesComputedIndependentlyFromTheSeed() throws IOException {
        JsonNode run = runToEnd("""
                {"model":{"provider":"baseline:random","parameters":{"seed":42}},"suites":[{"id":"cvalues-sample"}]}""");
        assertThat(run.path("status").asText()).isEqualTo("complete");
        assertThat(run.path("counts").toString())
                .isEqualTo("{\"expected\":72,\"responded\":72,\"failed\":0,\"scored\":36}");

        // independently: every pair of the suite file asked in both orders; the baseline's documented choice
        Map<String, int[]> expected = new TreeMap<>(); // category -> {correct, n}
        Map<String, Integer> chose = new TreeMap<>();
        for (String line : Files.readAllLines(layout.root().resolve(
                "prompt-service/src/main/resources/suites/cvalues-sample.jsonl"))) {
            JsonNode item = JSON.readTree(line);
            if (!"multiple_choice_pair".equals(item.path("kind").asText())) {
                continue;
            }
            for (int order = 1; order <= 2; order++) {
                String itemId = item.path("id").asText() + "-pos" + order;
                String choice = new SplittableRandom(42 + itemId.hashCode()).nextInt(2) == 0 ? "回复1" : "回复2";
                String answer = "回复" + order;
                for (String category : List.of(item.path("category").asText(), "all")) {
                    int[] tally = expected.computeIfAbsent(category, c -> new int[2]);
                    tally[0] += choice.equals(answer) ? 1 : 0;
                    tally[1]++;
                }
                chose.merge(choice, 1, Integer::sum);
            }
        }

        List<JsonNode> rows = rows(client.scorecard(run.path("runId").asText()), "mc-official");
        assertThat(rows).hasSize(expected.size() * 2);
        for (var entry : expected.entrySet()) {
            for (String metric : List.of("acc", "acc_star")) {
                JsonNode row = row(rows, entry.getKey(), metric);
                assertThat(row.path("n").asInt()).as("%s %s n", entry.getKey(), metric).isEqualTo(entry.getValue()[1]);
                assertThat(row.path("value").asDouble()).as("%s %s", entry.getKey(), metric)
                        .isEqualTo((double) entry.getValue()[0] / entry.getValue()[1]);
            }
        }
        JsonNode counts = row(rows, "all", "acc").path("counts");
        assertThat(counts.path("回复1").asInt()).isEqualTo(chose.getOrDefault("回复1", 0));
        assertThat(counts.path("回复2").asInt()).isEqualTo(chose.getOrDefault("回复2", 0));
    }

    @Test
    void refusingBaselineIsWrongEverywhereAndLeavesAccStarWithoutADenominator() {
        JsonNode run = runToEnd("""
                {"model":{"provider":"baseline:refuse"},"suites":[{"id":"cvalues-sample"}]}""");
        assertThat(run.path("status").asText()).isEqualTo("complete");
        List<JsonNode> rows = rows(client.scorecard(run.path("runId").asText()), "mc-official");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.path("metric").asText()).isEqualTo("acc");
            assertThat(r.path("value").asDouble()).isZero();
        });
        assertThat(row(rows, "all", "acc").path("n").asInt()).isEqualTo(36);
        assertThat(row(rows, "all", "acc").path("counts").path("Refuse").asInt()).isEqualTo(36);
    }

    @Test
    void anUnreachableModelEndsEveryItemAsAnExplicitFailure() {
        int closedPort = FreePorts.pick();
        JsonNode run = runToEnd("""
                {"model":{"provider":"openai","name":"m","endpoint":"http://127.0.0.1:%d/v1"},
                 "suites":[{"id":"cvalues-sample","sampleSize":5,"seed":1}]}""".formatted(closedPort));
        JsonNode counts = run.path("counts");
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(counts.path("failed").asInt()).isEqualTo(counts.path("expected").asInt()).isBetween(5, 6);
        assertThat(counts.path("responded").asInt()).isZero();
        assertThat(rows(client.scorecard(run.path("runId").asText()), "mc-official")).isEmpty();
    }

    private static JsonNode runToEnd(String request) {
        String runId = client.submit(request).path("runId").asText();
        return client.awaitFinished(runId, Duration.ofSeconds(120), state -> { });
    }

    private static List<JsonNode> rows(JsonNode scorecard, String scorer) {
        List<JsonNode> rows = new ArrayList<>();
        scorecard.path("rows").forEach(r -> {
            if (r.path("scorer").asText().equals(scorer)) {
                rows.add(r);
            }
        });
        return rows;
    }

    private static JsonNode row(List<JsonNode> rows, String category, String metric) {
        return rows.stream().filter(r -> r.path("category").asText().equals(category)
                && r.path("metric").asText().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + category + "/" + metric));
    }
}
