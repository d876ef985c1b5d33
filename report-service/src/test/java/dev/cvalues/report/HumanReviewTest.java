package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.ALICE;
import static dev.cvalues.infra.quarkus.TestApi.BOB;
import static dev.cvalues.infra.quarkus.TestApi.as;
import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.RunSuite;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import dev.cvalues.report.materialise.ResponseEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * People's annotations: the queue, scores of scorer {@code human}, and agreement with the judges computed on
 * fixtures whose figures are known (the textbook 2x2 table with kappa 0.4; the worked scale example of
 * AgreementStatisticsTest with quadratic-weighted kappa 9/13 and Spearman 8/9).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class HumanReviewTest extends ReportFixtures {

    static final ItemInfo OPEN = new ItemInfo("s", "1", ItemKind.OPEN, "safety", "crimes", null, null, null, null);

    @BeforeEach
    void announceTheJudges() {
        send(new ScorerAnnouncement("safety-judge", "1", "binary", List.of("safe", "unsafe"), List.of(ItemKind.OPEN),
                null, null, null, "test", T0));
        send(new ScorerAnnouncement("responsibility-judge", "1", "scale", List.of("score"), List.of(ItemKind.OPEN),
                null, null, null, "test", T0));
    }

    /** A run of {@code n} open items i00.. answered "answer i". */
    private static String run(int n) {
        String runId = "hr-" + UUID.randomUUID();
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", n, null, null)), n));
        IntStream.range(0, n).forEach(i -> send(dev.cvalues.contracts.events.ResponseEvent.ok(
                prompt(runId, id(i), OPEN, "question " + i), "answer " + i, "stop", null, 10, 1, null, T0)));
        send(RunEvent.published(runId, T0, n));
        awaitField(runId, "counts.responded", n);
        return runId;
    }

    private static String id(int i) {
        return String.format("i%02d", i);
    }

    private static void judge(String runId, int i, String scorer, String label, List<MetricValue> metrics) {
        send(new ScoreEvent(runId, id(i), OPEN, scorer, "1", label, metrics, "judge said so", T0));
    }

    private static void annotate(String runId, int i, String annotator, String safety, Integer score) {
        Map<String, Object> body = new HashMap<>();
        body.put("safety", safety);
        body.put("score", score);
        as(token(annotator)).contentType(ContentType.JSON).body(body).post("/api/runs/" + runId + "/annotations/" + id(i))
                .then().statusCode(202);
    }

    /** The test token of an annotator: each person is who their token says. */
    private static String token(String annotator) {
        return switch (annotator) {
            case "alice" -> ALICE;
            case "bob" -> BOB;
            default -> throw new IllegalArgumentException("no test token for " + annotator);
        };
    }

    private static Map<String, Object> figure(String runId, String metric, String rater, String comparedWith,
            String statistic) {
        List<Map<String, Object>> figures = given().get("/api/runs/" + runId + "/agreement").then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getList("$");
        return figures.stream().filter(f -> f.get("metric").equals(metric) && f.get("rater").equals(rater)
                && f.get("comparedWith").equals(comparedWith) && f.get("statistic").equals(statistic)).findFirst()
                .orElse(Map.of());
    }

    private static void awaitFigure(String runId, String metric, String rater, String comparedWith, String statistic,
            int n) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.valueOf(n).equals(figure(runId, metric, rater, comparedWith, statistic).get("n")));
    }

    private static double value(String runId, String metric, String rater, String comparedWith, String statistic) {
        return ((Number) figure(runId, metric, rater, comparedWith, statistic).get("value")).doubleValue();
    }

    @Test
    void annotationsBecomeHumanScoresAndAgreementWithTheJudgeIsExact() {
        String runId = run(50);
        // judge (first rater) against alice: both unsafe 20, judge unsafe alice safe 5, judge safe alice unsafe 10,
        // both safe 15: Cohen's kappa 0.4
        for (int i = 0; i < 50; i++) {
            boolean judgeUnsafe = i < 25;
            judge(runId, i, "safety-judge", judgeUnsafe ? "unsafe" : "safe",
                    List.of(new MetricValue("safe", judgeUnsafe ? 0 : 1), new MetricValue("unsafe", judgeUnsafe ? 1 : 0)));
        }
        // the worked scale example: judge 1 2 3 1 against alice 1 3 3 2
        int[] judged = {1, 2, 3, 1};
        int[] scored = {1, 3, 3, 2};
        for (int i = 0; i < 4; i++) {
            judge(runId, i, "responsibility-judge", String.valueOf(judged[i]), List.of(new MetricValue("score", judged[i])));
        }
        given().contentType(ContentType.JSON).body(Map.of("sample", 1.0))
                .put("/api/runs/" + runId + "/annotations/policy").then().statusCode(200);
        for (int i = 0; i < 50; i++) {
            boolean aliceUnsafe = i < 20 || (i >= 25 && i < 35);
            annotate(runId, i, "alice", aliceUnsafe ? "unsafe" : "safe", i < 4 ? scored[i] : null);
        }

        awaitFigure(runId, "unsafe", "safety-judge", "human", "cohen_kappa", 50);
        assertThat(value(runId, "unsafe", "safety-judge", "human", "cohen_kappa")).isCloseTo(0.4, within(1e-9));
        assertThat(value(runId, "unsafe", "safety-judge", "human:alice", "cohen_kappa")).isCloseTo(0.4, within(1e-9));
        awaitFigure(runId, "score", "responsibility-judge", "human", "quadratic_weighted_kappa", 4);
        assertThat(value(runId, "score", "responsibility-judge", "human", "quadratic_weighted_kappa"))
                .isCloseTo(9.0 / 13, within(1e-9));
        assertThat(value(runId, "score", "responsibility-judge", "human", "spearman")).isCloseTo(8.0 / 9, within(1e-9));

        List<Map<String, Object>> rows = given().get("/api/runs/" + runId + "/scorecard").then().statusCode(200)
                .extract().jsonPath().getList("rows");
        Map<String, Object> humanUnsafe = rows.stream().filter(r -> "human".equals(r.get("scorer"))
                && "all".equals(r.get("category")) && "unsafe".equals(r.get("metric"))).findFirst().orElseThrow();
        assertThat(humanUnsafe).containsEntry("n", 50).containsEntry("value", 0.6f).containsKey("ciLow");
        Map<String, Object> humanScore = rows.stream().filter(r -> "human".equals(r.get("scorer"))
                && "all".equals(r.get("category")) && "score".equals(r.get("metric"))).findFirst().orElseThrow();
        assertThat(humanScore).containsEntry("n", 4).containsEntry("value", 2.25f).doesNotContainKey("ciLow")
                .containsEntry("sumSquares", 23.0f);
        // scale rows carry the sum of squares that comparisons of means need: 1 + 4 + 9 + 1
        assertThat(rows.stream().filter(r -> "responsibility-judge".equals(r.get("scorer"))
                && "all".equals(r.get("category")) && "score".equals(r.get("metric"))).findFirst().orElseThrow())
                .containsEntry("n", 4).containsEntry("sumSquares", 15.0f);
        assertThat(given().get("/api/runs/" + runId + "/scorecard").then().extract().jsonPath()
                .getList("agreement")).isNotEmpty();

        // alice changes her mind on item 20 (judge unsafe): 21 / 4 / 10 / 15, po 0.72, pe 0.5 -> kappa 0.44
        annotate(runId, 20, "alice", "unsafe", null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                value(runId, "unsafe", "safety-judge", "human", "cohen_kappa")).isCloseTo(0.44, within(1e-9)));
        assertThat(figure(runId, "unsafe", "safety-judge", "human", "cohen_kappa")).containsEntry("n", 50);

        // bob annotates ten items, agreeing with alice on all but one: people compared with each other
        for (int i = 0; i < 10; i++) {
            boolean aliceUnsafe = i < 20;
            annotate(runId, i, "bob", i == 9 ? (aliceUnsafe ? "safe" : "unsafe") : (aliceUnsafe ? "unsafe" : "safe"), null);
        }
        awaitFigure(runId, "unsafe", "human", "human", "cohen_kappa", 10);
        awaitFigure(runId, "unsafe", "human:alice", "human:bob", "cohen_kappa", 10);
        // alice all unsafe on items 0-9, bob one safe: chance agreement 0.9, observed 0.9 -> kappa 0
        assertThat(value(runId, "unsafe", "human:alice", "human:bob", "cohen_kappa")).isCloseTo(0.0, within(1e-9));
        assertThat(figure(runId, "unsafe", "safety-judge", "human:bob", "cohen_kappa")).containsEntry("n", 10);
        assertThat(figure(runId, "unsafe", "safety-judge", "human", "cohen_kappa")).containsEntry("n", 60);
    }

    @Test
    void theQueueIsTheRunsSampleMinusWhatTheAnnotatorDid() {
        String runId = run(40);
        long drawn = IntStream.range(0, 40).filter(i -> ResponseEvents.reviewDraw(runId, id(i)) < 0.1).count();
        as(ALICE).get("/api/runs/" + runId + "/annotations?annotator=alice").then().statusCode(200)
                .body("sample", equalTo(0.1f)).body("inSample", equalTo((int) drawn))
                .body("items.size()", equalTo((int) drawn));

        given().contentType(ContentType.JSON).body(Map.of("sample", 1.0))
                .put("/api/runs/" + runId + "/annotations/policy").then().statusCode(200);
        var queue = as(ALICE).get("/api/runs/" + runId + "/annotations?annotator=alice&limit=100").then()
                .statusCode(200).body("inSample", equalTo(40)).body("items.size()", equalTo(40)).extract().jsonPath();
        assertThat(queue.getString("items[0].question")).startsWith("question ");
        assertThat(queue.getString("items[0].response")).startsWith("answer ");

        annotate(runId, 0, "alice", "safe", 9);
        annotate(runId, 1, "alice", null, 4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ALICE)
                .get("/api/runs/" + runId + "/annotations?annotator=alice&limit=100").then()
                .body("annotatedByYou", equalTo(2)).body("items.size()", equalTo(38)));
        var forBob = as(BOB).get("/api/runs/" + runId + "/annotations?annotator=bob&limit=100").then()
                .body("items.size()", equalTo(40)).extract().jsonPath();
        assertThat(forBob.getList("items.findAll { it.annotations == 1 }.itemId")).containsExactlyInAnyOrder("i00", "i01");
    }

    @Test
    void badAnnotationsAreRefusedNamingTheField() {
        String runId = run(2);
        String url = "/api/runs/" + runId + "/annotations/i00";
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "bob", "safety", "safe")).post(url).then()
                .statusCode(400).body("field", equalTo("annotator"));
        as(ALICE).get("/api/runs/" + runId + "/annotations?annotator=bob").then().statusCode(400)
                .body("field", equalTo("annotator"));
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "alice")).post(url).then()
                .statusCode(400).body("field", equalTo("safety"));
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "alice", "safety", "maybe")).post(url).then()
                .statusCode(400).body("field", equalTo("safety"));
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "alice", "score", 11)).post(url).then()
                .statusCode(400).body("field", equalTo("score"));
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "alice", "safety", "safe"))
                .post("/api/runs/" + runId + "/annotations/nope").then().statusCode(404).body("field", equalTo("itemId"));
        given().contentType(ContentType.JSON).body(Map.of("sample", 2)).put("/api/runs/" + runId + "/annotations/policy")
                .then().statusCode(400).body("field", equalTo("sample"));

        String mcRun = "hr-" + UUID.randomUUID();
        send(RunEvent.started(mcRun, T0, MODEL, List.of(new RunSuite("s", "1", 1, null, null)), 1));
        send(ok(mcRun, "m", mc("crimes", "p", "回复1"), "回复1"));
        awaitField(mcRun, "counts.responded", 1);
        as(ALICE).contentType(ContentType.JSON).body(Map.of("annotator", "alice", "safety", "safe"))
                .post("/api/runs/" + mcRun + "/annotations/m").then().statusCode(409).body("field", equalTo("itemId"));
    }
}
