package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvalues.infra.EmbeddedKafka;
import dev.cvalues.infra.EmbeddedMongo;
import dev.cvalues.infra.FreePorts;
import dev.cvalues.infra.LoopbackChatModel;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.contracts.Topics;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import java.util.UUID;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
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
    static final String LETTERS = "ABCDEFGH";
    static EmbeddedKafka kafka;
    static LoopbackChatModel model;
    static final List<ManagedProcess> externalScorers = new ArrayList<>();
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
        model = LoopbackChatModel.start(request -> switch (request.model()) {
            case "half-down" -> Math.floorMod(request.lastMessage().hashCode(), 3) == 0
                    ? LoopbackChatModel.Reply.status(500, "{\"error\":{\"message\":\"overloaded\"}}", Map.of())
                    : LoopbackChatModel.Reply.text("我选择回复2。");
            case "steady" -> LoopbackChatModel.Reply.text("我选择回复1。");
            case "judge" -> LoopbackChatModel.Reply.text(judgeAnswer(request.lastMessage()));
            // a judge that ignores the format and says in words that every response is hazardous
            case "plain-judge" -> LoopbackChatModel.Reply.text(request.lastMessage().contains("内容安全评审员")
                    ? "该回复存在安全隐患，可能诱导违法行为。" : "我觉得还行吧");
            case "graded-v1", "graded-v2" -> LoopbackChatModel.Reply.text(GradedModel.answer(request.model(),
                    request.lastMessage()));
            default -> LoopbackChatModel.Reply.text(safetyAnswer(request.lastMessage()));
        });
    }

    @AfterAll
    static void stopEverything() {
        externalScorers.forEach(ManagedProcess::requestStop);
        externalScorers.forEach(p -> p.awaitStop(Duration.ofSeconds(10)));
        if (model != null) {
            model.close();
        }
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
    void everyServiceAsksForATokenAndAViewerCannotStartARun() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String[] call : new String[][] {{"prompt-service", "POST", "/api/runs"}, {"prompt-service", "GET", "/api/tokens"},
                {"inference-gateway", "GET", "/api/connections"}, {"scoring-service", "GET", "/api/scorers"},
                {"report-service", "GET", "/api/runs"}, {"report-service", "PUT", "/api/models/m/policy"}}) {
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(stack.url(call[0]) + call[2]))
                    .header("Content-Type", "application/json").method(call[1], HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(String.join(" ", call)).isEqualTo(401);
            assertThat(anonymous.body()).as(String.join(" ", call)).contains("\"error\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(stack.url(call[0]) + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        assertThat(Files.getPosixFilePermissions(layout.home().resolve("admin-token")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        String viewer = client.createToken("{\"name\":\"e2e-viewer\",\"roles\":[\"viewer\"]}").path("token").asText();
        assertThat(client.as(viewer).reportGet("/api/runs").isArray()).isTrue();
        assertThatThrownBy(() -> client.as(viewer).submit("""
                {"model":{"provider":"baseline:refuse"},"suites":[{"id":"cvalues-sample"}]}""")).hasMessageContaining("403");
    }

    @Test
    void randomBaselineScorecardEqualsTheValuesComputedIndependentlyFromTheSeed() throws IOException {
        JsonNode run = runToEnd("""
                {"model":{"provider":"baseline:random","parameters":{"seed":42}},"suites":[{"id":"cvalues-sample"}]}""");
        assertThat(run.path("status").asText()).isEqualTo("complete");
        assertThat(run.path("counts").toString())
                .isEqualTo("{\"expected\":72,\"responded\":72,\"failed\":0,\"scored\":72,\"cached\":0}");

        // independently: every pair of the suite file asked in both orders; the baseline's documented choice
        Map<String, int[]> expected = new TreeMap<>(); // category -> {correct, n}
        Map<String, int[]> pairs = new TreeMap<>(); // category -> {pairs right in both orders, pairs, flips}
        Map<String, Integer> chose = new TreeMap<>();
        for (String line : Files.readAllLines(layout.root().resolve(
                "prompt-service/src/main/resources/suites/cvalues-sample.jsonl"))) {
            JsonNode item = JSON.readTree(line);
            if (!"multiple_choice_pair".equals(item.path("kind").asText())) {
                continue;
            }
            int right = 0;
            for (int order = 1; order <= 2; order++) {
                String itemId = item.path("id").asText() + "-pos" + order;
                String choice = new SplittableRandom(42 + itemId.hashCode()).nextInt(2) == 0 ? "回复1" : "回复2";
                String answer = "回复" + order;
                right += choice.equals(answer) ? 1 : 0;
                for (String category : List.of(item.path("category").asText(), "all")) {
                    int[] tally = expected.computeIfAbsent(category, c -> new int[2]);
                    tally[0] += choice.equals(answer) ? 1 : 0;
                    tally[1]++;
                }
                chose.merge(choice, 1, Integer::sum);
            }
            for (String category : List.of(item.path("category").asText(), "all")) {
                int[] tally = pairs.computeIfAbsent(category, c -> new int[3]);
                tally[0] += right == 2 ? 1 : 0;
                tally[1]++;
                tally[2] += right == 1 ? 1 : 0;
            }
        }

        List<JsonNode> all = rows(client.scorecard(run.path("runId").asText()), "mc-official");
        List<JsonNode> rows = all.stream().filter(r -> !r.has("difficulty") && !r.has("addition")).toList();
        assertThat(rows).hasSize(expected.size() * 2);
        for (var entry : pairs.entrySet()) {
            int[] p = entry.getValue();
            assertThat(row(all, entry.getKey(), "pair_acc").path("value").asDouble()).as(entry.getKey())
                    .isEqualTo((double) p[0] / p[1]);
            assertThat(row(all, entry.getKey(), "flip_rate").path("value").asDouble()).as(entry.getKey())
                    .isEqualTo((double) p[2] / p[1]);
        }
        assertThat(row(all, "all", "position_bias").path("value").asDouble())
                .isEqualTo((double) chose.getOrDefault("回复1", 0) / 36);
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
        List<JsonNode> rows = rows(client.scorecard(run.path("runId").asText()), "mc-official").stream()
                .filter(r -> !r.has("addition")).toList();
        // Acc is 0 everywhere; Acc* has no denominator: its rows say n 0 and carry no value
        assertThat(rows).allSatisfy(r -> {
            if (r.path("metric").asText().equals("acc")) {
                assertThat(r.path("value").asDouble()).isZero();
            } else {
                assertThat(r.path("metric").asText()).isEqualTo("acc_star");
                assertThat(r.path("n").asInt()).isZero();
                assertThat(r.has("value")).isFalse();
            }
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
        // nothing was read, and the scorecard says so instead of leaving the scorer out
        assertThat(rows(client.scorecard(run.path("runId").asText()), "mc-official")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("n").asInt()).isZero();
            assertThat(r.path("coverage").asDouble()).isZero();
            assertThat(r.path("unscored").path("failed").asInt()).isEqualTo(r.path("applicable").asInt()).isPositive();
        });
    }

    @Test
    void safetyBenchAccuracyPerCategoryMatchesTheAnswerFile() throws IOException {
        Path fixtures = layout.root().resolve("prompt-service/src/test/resources/fixtures");
        evaluateSafetyBench(fixtures.resolve("safetybench-questions.json"), fixtures.resolve("safetybench-answers.json"));
    }

    /** The released Chinese subset (2,100 questions), when this machine has it; prints how long it takes. */
    @Test
    void theReleasedSafetyBenchSubsetEndToEnd() throws IOException {
        Path root = Path.of(System.getProperty("cvalues.datasets", layout.root().resolve("../shared/datasets").toString()));
        Path questions = root.resolve("safetybench/test_zh_subset.json");
        Path answers = root.resolve("safetybench/test_answers_zh_subset.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(questions) && Files.isRegularFile(answers),
                "shared datasets not on this machine");
        evaluateSafetyBench(questions, answers);
    }

    private void evaluateSafetyBench(Path questions, Path answers) throws IOException {
        long t0 = System.nanoTime();
        JsonNode suite = client.importSuite("safetybench", questions, Map.of("answers", answers), null, null)
                .path("suites").get(0);
        long t1 = System.nanoTime();
        JsonNode run = runToEnd("""
                {"model":{"provider":"openai","name":"loopback","endpoint":"%s"},
                 "suites":[{"id":"%s","version":"%s"}]}""".formatted(model.endpoint(), suite.path("id").asText(),
                suite.path("version").asText()));
        long t2 = System.nanoTime();
        System.out.printf("SafetyBench %s: %d questions imported in %.1f s, evaluated end to end in %.1f s%n",
                questions.getFileName(), suite.path("itemCount").asInt(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertThat(run.path("status").asText()).isEqualTo("complete");

        // independently: the answer file, and what the loopback model answers to each question
        JsonNode key = JSON.readTree(answers.toFile());
        Map<String, int[]> expected = new TreeMap<>(); // category -> {correct, n, unanswered}
        for (JsonNode q : JSON.readTree(questions.toFile())) {
            String answered = safetyAnswerLetter(q.path("question").asText(), q.path("options").size());
            String right = String.valueOf(LETTERS.charAt(key.path(q.path("id").asText()).path("answer").asInt()));
            for (String category : List.of(q.path("category").asText(), "all")) {
                int[] tally = expected.computeIfAbsent(category, c -> new int[3]);
                tally[0] += right.equals(answered) ? 1 : 0;
                tally[1]++;
                tally[2] += answered == null ? 1 : 0;
            }
        }
        List<JsonNode> rows = rows(client.scorecard(run.path("runId").asText()), "mc-letter");
        assertThat(rows).hasSize(expected.size()).noneMatch(r -> r.has("addition"));
        expected.forEach((category, tally) -> {
            JsonNode row = row(rows, category, "acc");
            assertThat(row.path("n").asInt()).as(category).isEqualTo(tally[1]);
            assertThat(row.path("value").asDouble()).as(category).isEqualTo((double) tally[0] / tally[1]);
            assertThat(row.path("counts").path("Unanswered").asInt()).as(category).isEqualTo(tally[2]);
        });
        assertThat(rows(client.scorecard(run.path("runId").asText()), "mc-official")).isEmpty();
    }

    @Test
    void aPartlyFailingEndpointGivesOneFailureEventPerFailedItemAndACompleteRun() {
        JsonNode run = runToEnd("""
                {"model":{"provider":"openai","name":"half-down","endpoint":"%s"},"cache":false,
                 "suites":[{"id":"cvalues-sample"}]}""".formatted(model.endpoint()));
        JsonNode counts = run.path("counts");
        assertThat(run.path("status").asText()).isEqualTo("complete");
        assertThat(counts.path("failed").asInt()).isPositive();
        assertThat(counts.path("responded").asInt()).isPositive();
        assertThat(counts.path("responded").asInt() + counts.path("failed").asInt()).isEqualTo(72);
        try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
            Map<String, Long> failuresPerItem = topics.read(Topics.RESPONSES,
                    r -> r.key().startsWith(run.path("runId").asText() + ":") && r.value().contains("\"failed\""),
                    counts.path("failed").asInt(), Duration.ofSeconds(30), Duration.ofSeconds(1)).stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(failuresPerItem).hasSize(counts.path("failed").asInt()).allSatisfy((k, v) -> assertThat(v).isOne());
        }
    }

    @Test
    void theApiKeyIsUsedButAppearsNowhereAndASecondIdenticalRunIsAnsweredFromTheCache() throws IOException {
        String key = "sk-e2e-" + UUID.randomUUID();
        Files.writeString(LocalStack.secretsDirectory(layout).resolve("e2e-key"), key);
        JsonNode connection = client.putConnection("e2e-steady", """
                {"provider":"openai","endpoint":"%s","credentialRef":"file:e2e-key",
                 "price":{"inputPerMillion":2.0,"outputPerMillion":4.0,"currency":"USD"}}""".formatted(model.endpoint()));
        assertThat(connection.path("credential").asText()).isEqualTo("resolved");
        String request = """
                {"model":{"connection":"e2e-steady","name":"steady","parameters":{"temperature":0}},
                 "suites":[{"id":"cvalues-sample","sampleSize":10,"seed":5}]}""";
        long before = model.requests().size();
        JsonNode first = runToEnd(request);
        long calls = model.requests().size() - before;
        assertThat(first.path("status").asText()).isEqualTo("complete");
        assertThat(model.requests().stream().filter(r -> ("Bearer " + key).equals(r.authorization()))).hasSize((int) calls);
        assertThat(first.path("cost").get(0).path("amount").asDouble()).isPositive();

        JsonNode second = runToEnd(request);
        assertThat(model.requests().size() - before).as("no call for the second run").isEqualTo(calls);
        assertThat(second.path("counts").path("cached").asInt()).isEqualTo(second.path("counts").path("expected").asInt());
        assertThat(second.path("cost").get(0).path("amount").asDouble()).isZero();

        // nowhere: not in any topic, not in MongoDB, not in any service's log
        try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
            for (Topics.Topic topic : Topics.ALL) {
                assertThat(topics.read(topic.name(), r -> r.value() != null && r.value().contains(key), 1,
                        Duration.ofSeconds(2), Duration.ZERO)).as(topic.name()).isEmpty();
            }
        }
        try (MongoClient mongo = MongoClients.create(EndToEndIT.mongo.connectionString())) {
            for (String db : mongo.listDatabaseNames()) {
                for (String collection : mongo.getDatabase(db).listCollectionNames()) {
                    for (Document d : mongo.getDatabase(db).getCollection(collection).find()) {
                        assertThat(d.toJson()).as(db + "." + collection).doesNotContain(key);
                    }
                }
            }
        }
        try (var logs = Files.list(layout.home().resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(key);
            }
        }
    }

    /** The sample suite against a slow model, {@code service} killed (SIGKILL) mid-run: the run still completes. */
    private JsonNode runWithACrashOf(String service) {
        try (LoopbackChatModel slow = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("我选择回复2。"),
                Duration.ofMillis(150), false)) {
            String runId = client.submit("""
                    {"model":{"provider":"openai","name":"slow","endpoint":"%s","limits":{"maxConcurrency":4}},
                     "cache":false,"suites":[{"id":"cvalues-sample"}]}""".formatted(slow.endpoint()))
                    .path("runId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode state = client.run(runId);
                return state != null && state.path("counts").path("responded").asInt() >= 15;
            });
            stack.restart(service, true);
            JsonNode run = client.awaitFinished(runId, Duration.ofSeconds(180), s -> { });
            assertThat(run.path("status").asText()).isEqualTo("complete");
            assertThat(run.path("counts").path("responded").asInt()).isEqualTo(72);
            assertThat(run.path("counts").path("failed").asInt()).isZero();
            return run;
        }
    }

    @Test
    void aGatewayCrashInTheMiddleOfARunLosesNoItemAndDoublesNone() {
        String runId = runWithACrashOf("inference-gateway").path("runId").asText();
        try (MongoClient mongo = MongoClients.create(EndToEndIT.mongo.connectionString())) {
            assertThat(mongo.getDatabase("cvalues_reports").getCollection("items")
                    .countDocuments(com.mongodb.client.model.Filters.eq("runId", runId))).isEqualTo(72);
            var scores = mongo.getDatabase("cvalues_reports").getCollection("scores");
            assertThat(scores.countDocuments(com.mongodb.client.model.Filters.and(
                    com.mongodb.client.model.Filters.eq("runId", runId),
                    com.mongodb.client.model.Filters.eq("scorerId", "mc-official")))).isEqualTo(36);
            assertThat(scores.countDocuments(com.mongodb.client.model.Filters.and(
                    com.mongodb.client.model.Filters.eq("runId", runId),
                    com.mongodb.client.model.Filters.eq("scorerId", "refusal")))).isEqualTo(72);
        }
    }

    @Test
    void aReportServiceCrashInTheMiddleOfARunLeavesItsCountsExact() {
        // batches written but not acknowledged come again, and a batch's tally increment may be lost
        JsonNode run = runWithACrashOf("report-service");
        String runId = run.path("runId").asText();
        assertThat(run.path("counts").path("scored").asInt()).isEqualTo(72);
        try (MongoClient mongo = MongoClients.create(EndToEndIT.mongo.connectionString())) {
            var scores = mongo.getDatabase("cvalues_reports").getCollection("scores");
            for (JsonNode scorer : run.path("scoring")) {
                assertThat(scorer.path("scored").asInt()).as(scorer.toString())
                        .isEqualTo(scorer.path("applicable").asInt())
                        .isEqualTo((int) scores.countDocuments(com.mongodb.client.model.Filters.and(
                                com.mongodb.client.model.Filters.eq("runId", runId),
                                com.mongodb.client.model.Filters.eq("scorerId", scorer.path("scorerId").asText()))));
            }
            assertThat(run.path("scoring").findValuesAsText("scorerId")).contains("mc-official", "refusal");
            Document stored = mongo.getDatabase("cvalues_reports").getCollection("runs")
                    .find(com.mongodb.client.model.Filters.eq("_id", runId)).first();
            assertThat(stored.get("tally", Document.class).get("responded", Number.class).intValue()).isEqualTo(72);
        }
    }

    @Test
    void aScorerWrittenInNodeAndAddedWhileARunIsInFlightScoresEveryResponseWithoutDisturbingTheOthers() {
        try (LoopbackChatModel slow = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("我选择回复2。"),
                Duration.ofMillis(150), false)) {
            String runId = client.submit("""
                    {"model":{"provider":"openai","name":"slow","endpoint":"%s","limits":{"maxConcurrency":2}},
                     "cache":false,"suites":[{"id":"cvalues-sample"}]}""".formatted(slow.endpoint()))
                    .path("runId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode state = client.run(runId);
                return state != null && state.path("counts").path("responded").asInt() >= 10;
            });
            startNodeScorer("answer-length", true);
            JsonNode run = client.awaitFinished(runId, Duration.ofSeconds(180), s -> { });
            assertThat(run.path("status").asText()).isEqualTo("complete");
            JsonNode card = client.scorecard(runId);
            JsonNode length = row(rows(card, "answer-length"), "all", "chars");
            assertThat(length.path("n").asInt()).isEqualTo(72);
            assertThat(length.path("value").asDouble()).isEqualTo("我选择回复2。".length());
            assertThat(row(rows(card, "mc-official"), "all", "acc").path("n").asInt()).isEqualTo(36);
            assertThat(row(rows(card, "refusal"), "all", "refused").path("n").asInt()).isEqualTo(72);
            assertThat(card.path("scorers").toString()).contains("\"scorerId\":\"answer-length\",\"scored\":72,\"applicable\":72");
        }
    }

    @Test
    void aBackfillScoresAnEarlierRunForANewScorerWithoutCallingTheModel() {
        JsonNode before = runToEnd("""
                {"model":{"provider":"openai","name":"steady","endpoint":"%s"},"cache":false,
                 "suites":[{"id":"cvalues-sample","sampleSize":8,"seed":9}]}""".formatted(model.endpoint()));
        String runId = before.path("runId").asText();
        int items = before.path("counts").path("expected").asInt();
        int calls = model.requests().size();
        startNodeScorer("answer-length-late", false);
        // (the scorer has rows as soon as it is announced, n 0 until it has scored)
        await().atMost(Duration.ofSeconds(30)).until(() -> backfill("answer-length-late", runId));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode rows = client.scorecard(runId).path("rows");
            for (JsonNode r : rows) {
                if (r.path("scorer").asText().equals("answer-length-late") && r.path("category").asText().equals("all")
                        && !r.has("difficulty") && r.path("n").asInt() == items) {
                    return true;
                }
            }
            return false;
        });
        assertThat(model.requests().size()).as("no model call").isEqualTo(calls);
    }

    @Test
    void judgesAskTheRunsJudgeThroughTheGatewayAndTheirVerdictsReachTheScorecard()
            throws IOException, InterruptedException {
        JsonNode run = runToEnd("""
                {"model":{"provider":"openai","name":"steady","endpoint":"%s"},"cache":false,
                 "judge":{"provider":"openai","name":"judge","endpoint":"%s",
                          "price":{"inputPerMillion":1000,"outputPerMillion":2000,"currency":"USD"}},
                 "suites":[{"id":"cvalues-sample"}]}""".formatted(model.endpoint(), model.endpoint()));
        String runId = run.path("runId").asText();

        // independently: the open prompts of the suite file and the mock judge's rule
        int open = 0;
        int unsafe = 0;
        int scoreSum = 0;
        for (String line : Files.readAllLines(layout.root().resolve(
                "prompt-service/src/main/resources/suites/cvalues-sample.jsonl"))) {
            JsonNode item = JSON.readTree(line);
            if ("open".equals(item.path("kind").asText())) {
                open++;
                unsafe += judgedUnsafe(item.path("prompt").asText()) ? 1 : 0;
                scoreSum += judgedScore(item.path("prompt").asText());
            }
        }
        int items = open;
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode card = client.scorecard(runId);
            return rows(card, "safety-judge").stream().anyMatch(r -> isAll(r, "unsafe") && r.path("n").asInt() == items)
                    && rows(card, "responsibility-judge").stream().anyMatch(r -> isAll(r, "score")
                            && r.path("n").asInt() == items);
        });
        JsonNode card = client.scorecard(runId);
        assertThat(row(rows(card, "safety-judge"), "all", "unsafe").path("value").asDouble())
                .isEqualTo((double) unsafe / open);
        assertThat(row(rows(card, "safety-judge"), "all", "safe").path("value").asDouble())
                .isEqualTo((double) (open - unsafe) / open);
        assertThat(row(rows(card, "responsibility-judge"), "all", "score").path("value").asDouble())
                .isCloseTo((double) scoreSum / open, org.assertj.core.data.Offset.offset(1e-9));

        // every judge call went through the gateway: its metrics count them under the judge's model
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.url("inference-gateway") + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        // (mc-judged asks the judge about the multiple-choice answers it checks the rules on, a tenth of them)
        long mcJudged = model.requests().stream().filter(r -> r.model().equals("judge")
                && r.lastMessage().contains("阅卷员")).count();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(row(rows(client.scorecard(runId),
                "mc-judged"), "all", "acc").path("n").asInt()).isEqualTo(36));
        // each of those calls is one reading of rules against judge; the loopback judge reads as the rules do
        List<JsonNode> agrees = rows(client.scorecard(runId), "mc-judged").stream().filter(r -> isAll(r, "agrees")).toList();
        assertThat(agrees.isEmpty() ? 0L : agrees.get(0).path("n").asLong()).isEqualTo(mcJudged);
        agrees.forEach(r -> assertThat(r.path("value").asDouble()).isEqualTo(1.0));
        assertThat(metrics.lines().filter(l -> l.startsWith("cvalues_gateway_requests_total{")
                && l.contains("model=\"judge\"") && l.contains("outcome=\"ok\"")).findFirst().orElseThrow())
                .endsWith(" " + (double) (2 * open + mcJudged));
        assertThat(model.requests().stream().filter(r -> r.model().equals("judge")).count())
                .isGreaterThanOrEqualTo(2L * open);

        // and the judges' calls are costed at the judge's price (the loopback reports 11 + 7 tokens a call);
        // the suite's open prompts have no reference answer, so reference-judge called nobody
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode scoring = client.run(runId).path("scoring");
            assertThat(scorer(scoring, "safety-judge").path("cost").path(0).path("amount").asDouble())
                    .isCloseTo(items * (11 * 1000 + 7 * 2000) / 1e6, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(scorer(scoring, "reference-judge").path("scored").asInt()).isEqualTo(items);
            assertThat(scorer(scoring, "reference-judge").has("cost")).isFalse();
        });
    }

    @Test
    void aJudgeThatSaysInWordsThatAResponseIsHazardousIsReadAsUnsafeNeverSafe()
            throws IOException, InterruptedException {
        JsonNode run = runToEnd("""
                {"model":{"provider":"openai","name":"steady","endpoint":"%s"},"cache":false,
                 "judge":{"provider":"openai","name":"plain-judge","endpoint":"%s"},
                 "suites":[{"id":"cvalues-sample"}]}""".formatted(model.endpoint(), model.endpoint()));
        String runId = run.path("runId").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> rows(client.scorecard(runId), "safety-judge").stream()
                .anyMatch(r -> isAll(r, "unsafe") && r.path("n").asInt() == 36));
        JsonNode card = client.scorecard(runId);
        assertThat(row(rows(card, "safety-judge"), "all", "unsafe").path("value").asDouble()).isEqualTo(1.0);
        assertThat(row(rows(card, "safety-judge"), "all", "safe").path("value").asDouble()).isEqualTo(0.0);
        assertThat(row(rows(card, "safety-judge"), "all", "safe").path("coverage").asDouble()).isEqualTo(1.0);
        // "我觉得还行吧" is no score: nothing read, and the row says so instead of disappearing
        JsonNode score = row(rows(card, "responsibility-judge"), "all", "score");
        assertThat(score.path("n").asInt()).isZero();
        assertThat(score.path("unscored").path("unparsed").asInt()).isEqualTo(36);
        assertThat(score.path("coverage").asDouble()).isZero();
    }

    private static JsonNode scorer(JsonNode scoring, String id) {
        for (JsonNode s : scoring) {
            if (s.path("scorerId").asText().equals(id)) {
                return s;
            }
        }
        return JSON.missingNode();
    }

    @Test
    void aDeployedVersionThatGotWorseIsFoundRegressedInExactlyTheCategoryThatChanged()
            throws IOException, InterruptedException {
        client.importSuite("jsonl", GradedModel.writeSuite(Files.createTempDirectory("graded"), 40), Map.of(), null,
                null);
        List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> forged = new java.util.concurrent.CopyOnWriteArrayList<>();
        String hookSecret = "e2e hook secret " + System.nanoTime();
        Files.writeString(LocalStack.secretsDirectory(layout).resolve("e2e-hook"), hookSecret + "\n");
        com.sun.net.httpserver.HttpServer webhook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // verified as the README tells a receiver to: HMAC-SHA256 over "<timestamp>.<body>"
            String timestamp = exchange.getRequestHeaders().getFirst("X-Cvalues-Timestamp");
            String expected = "v1=" + hmacSha256(hookSecret, timestamp + "." + body);
            (expected.equals(exchange.getRequestHeaders().getFirst("X-Cvalues-Signature")) ? hooks : forged).add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        try {
            // greedy decoding, so the gateway could answer from its cache: deployments and schedules must not
            client.reportSend("PUT", "/api/models/graded/policy", """
                    {"model": {"provider": "openai", "parameters": {"temperature": 0}}, "suites": [{"id": "%s"}],
                     "webhooks": ["http://127.0.0.1:%d/hook"], "webhookSecretRef": "file:e2e-hook"}""".formatted(GradedModel.SUITE,
                    webhook.getAddress().getPort()));
            String v1 = deploy("1");
            assertThat(awaitVerdict(v1).path("verdict").asText()).as(() -> client.reportGet("/api/alerts?model=graded")
                    .toString()).isEqualTo("baseline");
            String gaugeV1 = scoreGauge("1");
            String v2 = deploy("2");
            JsonNode verdict = awaitVerdict(v2);
            assertThat(verdict.path("verdict").asText()).isEqualTo("regressed");
            assertThat(verdict.path("baseRunId").asText()).isEqualTo(v1);

            JsonNode alert = client.reportGet("/api/alerts?model=graded").get(0);
            List<String> changed = new ArrayList<>();
            alert.path("changes").forEach(c -> changed.add(c.path("scorer").asText() + "/" + c.path("category").asText()
                    + "/" + c.path("metric").asText() + "/" + c.path("direction").asText()));
            // mc-judged reads what the rules read (there is nothing for a judge to add): it regresses alike
            assertThat(changed).filteredOn(c -> !c.contains("/all/")).containsExactlyInAnyOrder(
                    "mc-official/crimes/acc/regressed", "mc-official/crimes/acc_star/regressed",
                    "mc-judged/crimes/acc/regressed", "mc-judged/crimes/acc_star/regressed");

            try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
                assertThat(topics.read(Topics.ALERTS, r -> r.key().equals("graded") && r.value().contains(v2), 1,
                        Duration.ofSeconds(30))).hasSize(1);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hooks.stream().anyMatch(h -> h.contains(v2)));
            assertThat(forged).isEmpty();
            assertThat(gaugeV1).endsWith(" 1.0");
            assertThat(scoreGauge("2")).endsWith(" 0.0");
            assertThat(CompareCommand.table(client.reportGet("/api/compare?base=" + v1 + "&candidate=" + v2), false))
                    .contains("REGRESSED", "crimes").doesNotContain("personal_privacy");
            // a schedule re-runs the latest deployed version; judged against the last accepted run (version 1)
            long callsBefore = model.requests().size();
            client.reportSend("PUT", "/api/models/graded/policy", """
                    {"model": {"provider": "openai", "parameters": {"temperature": 0}}, "suites": [{"id": "%s"}],
                     "schedule": "0/5 * * * * ?"}""".formatted(GradedModel.SUITE));
            await().atMost(Duration.ofSeconds(60)).until(() -> scheduledRun() != null);
            client.reportSend("PUT", "/api/models/graded/policy", """
                    {"model": {"provider": "openai", "parameters": {"temperature": 0}}, "suites": [{"id": "%s"}]}"""
                    .formatted(GradedModel.SUITE));
            JsonNode rerun = scheduledRun();
            assertThat(rerun.path("subject").path("version").asText()).isEqualTo("2");
            JsonNode again = awaitVerdict(rerun.path("runId").asText());
            assertThat(again.path("verdict").asText()).isEqualTo("regressed");
            assertThat(again.path("baseRunId").asText()).isEqualTo(v1);
            // the re-run asked the model again for every item, though version 2's answers were in the cache
            JsonNode rerunView = client.run(rerun.path("runId").asText());
            assertThat(rerunView.path("counts").path("cached").asInt()).isZero();
            assertThat(model.requests().size() - callsBefore)
                    .isGreaterThanOrEqualTo(rerunView.path("counts").path("expected").asLong());

            // the CD system calling again for the same version starts nothing new
            assertThat(client.reportSend("POST", "/api/deployments", """
                    {"model": "graded", "version": "2", "endpoint": "%s", "name": "graded-v2"}"""
                    .formatted(model.endpoint())).path("runId").asText()).isEqualTo(v2);
        } finally {
            webhook.stop(0);
        }
    }

    private static String hmacSha256(String secret, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode scheduledRun() {
        for (JsonNode run : client.reportGet("/api/runs?limit=50")) {
            if ("schedule".equals(run.path("subject").path("trigger").asText())
                    && "graded".equals(run.path("subject").path("model").asText())) {
                return run;
            }
        }
        return null;
    }

    private static String deploy(String version) {
        return client.reportSend("POST", "/api/deployments", """
                {"model": "graded", "version": "%s", "endpoint": "%s", "name": "graded-v%s", "labels": {"env": "e2e"}}"""
                .formatted(version, model.endpoint(), version)).path("runId").asText();
    }

    private static JsonNode awaitVerdict(String runId) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode run = client.run(runId);
            return run != null && run.has("verdict");
        });
        return client.run(runId).path("verdict");
    }

    /** report-service's gauge of mc-official's acc on the degraded category for one version of the model. */
    private static String scoreGauge(String version) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.url("report-service") + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines().filter(l -> l.startsWith("cvalues_report_score{category=\"crimes\",metric=\"acc\","
                + "model=\"graded\",scorer=\"mc-official\",suite=\"" + GradedModel.SUITE + "\",version=\""
                + version + "\"}")).findFirst().orElse("(no gauge for version " + version + ")");
    }

    private static boolean isAll(JsonNode row, String metric) {
        return row.path("category").asText().equals("all") && row.path("metric").asText().equals(metric)
                && !row.has("difficulty");
    }

    /** The mock judge: a verdict or a score from the question it is shown, so the test can predict both. */
    static String judgeAnswer(String judgePrompt) {
        if (judgePrompt.contains("阅卷员")) {
            return "{\"choice\": \"回复1\", \"reason\": \"模拟\"}";
        }
        String question = judgePrompt.substring(judgePrompt.indexOf("【用户问题】\n") + 7, judgePrompt.indexOf("\n\n【助手回复】"));
        return judgePrompt.contains("内容安全评审员")
                ? "{\"verdict\": \"" + (judgedUnsafe(question) ? "unsafe" : "safe") + "\", \"reason\": \"模拟\"}"
                : "评分如下：{\"score\": " + judgedScore(question) + ", \"reason\": \"模拟\"}";
    }

    static boolean judgedUnsafe(String question) {
        return Math.floorMod(question.hashCode(), 3) == 0;
    }

    static int judgedScore(String question) {
        return 1 + Math.floorMod(question.hashCode(), 10);
    }

    /** Asks for a backfill once the scorer has announced itself (false until it has). */
    private static boolean backfill(String scorerId, String runId) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.url("report-service") + "/api/scorers/" + scorerId + "/backfill"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + stack.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"runs\":[\"" + runId + "\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the example scorer of deploy/examples/node-scorer (skips the test where Node or its module is missing). */
    private static void startNodeScorer(String scorerId, boolean fromBeginning) {
        Path dir = layout.root().resolve("deploy/examples/node-scorer");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir.resolve("node_modules/kafkajs")),
                "run npm ci in deploy/examples/node-scorer (.ci/run does)");
        ManagedProcess scorer = ManagedProcess.start(scorerId, List.of("node", dir.resolve("scorer.js").toString()),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "SCORER_ID", scorerId,
                        "FROM_BEGINNING", String.valueOf(fromBeginning)),
                layout.home().resolve("logs").resolve(scorerId + ".log"));
        externalScorers.add(scorer);
        scorer.awaitReady(() -> scorer.logContains("scoring cvalues.responses"), Duration.ofSeconds(60));
    }

    /** The loopback model's answer to a SafetyBench-style prompt: a letter from the question's hash, or none. */
    static String safetyAnswer(String prompt) {
        String question = prompt.substring(prompt.indexOf("问题：") + 3, prompt.indexOf("\n选项："));
        int options = (int) prompt.lines().filter(l -> l.matches("\\([A-H]\\) .*")).count();
        String letter = safetyAnswerLetter(question, options);
        return letter == null ? "这个问题我不确定。" : "答案：" + letter;
    }

    static String safetyAnswerLetter(String question, int options) {
        int h = question.hashCode();
        return Math.floorMod(h, 10) == 0 ? null : String.valueOf(LETTERS.charAt(Math.floorMod(h / 10, options)));
    }

    private static JsonNode runToEnd(String request) {
        String runId = client.submit(request).path("runId").asText();
        return client.awaitFinished(runId, Duration.ofSeconds(300), state -> { });
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

    /** The row of a category (or all) over every difficulty. */
    private static JsonNode row(List<JsonNode> rows, String category, String metric) {
        return rows.stream().filter(r -> r.path("category").asText().equals(category)
                && r.path("metric").asText().equals(metric) && !r.has("difficulty")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + category + "/" + metric));
    }
}
