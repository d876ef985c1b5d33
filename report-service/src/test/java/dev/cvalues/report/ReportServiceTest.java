package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.ALICE;
import static dev.cvalues.infra.quarkus.TestApi.BOB;
import static dev.cvalues.infra.quarkus.TestApi.as;
import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.Cost;
import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.ReviewEvent;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.RunSuite;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import dev.cvalues.report.run.RunProgress;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class ReportServiceTest extends ReportFixtures {

    final TopicClient topics = ReportFixtures.topics();

    @Inject
    MongoClient mongo;

    @Inject
    RunProgress progress;

    @BeforeEach
    void announceTheScorer() {
        send(Topics.SCORERS, "mc-official", new ScorerAnnouncement("mc-official", "1", "choice",
                List.of("acc", "acc_star"), List.of(ItemKind.MULTIPLE_CHOICE), List.of("回复1", "回复2"), "Need_Check",
                List.of("回复1", "回复2", "Other", "Refuse"), "test", T0));
    }

    /**
     * Run of 5: crimes pair p1 asked in both orders, a right (回复1) and b wrong (回复1 again: a flip); crimes c
     * (pair p2, Refuse); law d (pair p3, right); open e (failed). All multiple choice is easy.
     */
    private List<Event> fixture(String runId) {
        List<Event> events = new ArrayList<>();
        events.add(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 5, null, null)), 5));
        events.add(ok(runId, "a", mc("crimes", "p1", "回复1"), "回复1"));
        events.add(ok(runId, "b", mc("crimes", "p1", "回复2"), "回复1"));
        events.add(ok(runId, "c", mc("crimes", "p2", "回复1"), "作为AI语言模型，我不能"));
        events.add(ok(runId, "d", mc("law", "p3", "回复2"), "回复2"));
        PromptEvent failed = prompt(runId, "e", new ItemInfo("s", "1", ItemKind.OPEN, "responsibility", "law", null,
                null, null, null));
        events.add(ResponseEvent.failed(failed, new Failure("http_5xx", "HTTP 500"), 30, 3, T0));
        events.add(RunEvent.published(runId, T0.plusSeconds(1), 5));
        return events;
    }

    private List<ScoreEvent> scores(String runId) {
        return List.of(score(runId, "a", mc("crimes", "p1", "回复1"), "回复1", 1, true),
                score(runId, "b", mc("crimes", "p1", "回复2"), "回复1", 0, true),
                score(runId, "c", mc("crimes", "p2", "回复1"), "Refuse", 0, false),
                score(runId, "d", mc("law", "p3", "回复2"), "回复2", 1, true));
    }

    @Test
    void aRunIsCompleteOnlyWhenEveryItemIsAccountedForAndScored() {
        String runId = "rs-" + UUID.randomUUID();
        fixture(runId).forEach(e -> send(e));
        awaitField(runId, "counts.responded", 4);
        awaitField(runId, "counts.failed", 1);
        JsonPath run = given().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("status")).isEqualTo("running");
        assertThat(run.getInt("scoring[0].applicable")).isEqualTo(4);
        assertThat(run.getInt("scoring[0].scored")).isZero();

        scores(runId).forEach(ReportFixtures::send);
        awaitComplete(runId);
        given().get("/api/runs/" + runId).then()
                .body("counts.expected", equalTo(5)).body("counts.responded", equalTo(4))
                .body("counts.failed", equalTo(1)).body("counts.scored", equalTo(4))
                .body("model.apiKeyRef", equalTo("env:KEY"));
    }

    @Test
    void anItemIsCountedScoredOnceWhateverScoresItAndHowOftenTheyAreDelivered() {
        String runId = completeRun("rs-once-");
        var db = mongo.getDatabase("cvalues_reports");
        assertThat(db.getCollection("runs").find(Filters.eq("_id", runId)).first().getBoolean("scoredItemsApart"))
                .isTrue();
        // item a as a store written before scored_items has it: marked on the item itself, no marker, and a run
        // document without the flag
        db.getCollection("runs").updateOne(Filters.eq("_id", runId), new Document("$unset",
                new Document("scoredItemsApart", "")));
        db.getCollection("scored_items").deleteOne(Filters.eq("_id", runId + ":a"));
        db.getCollection("items").updateOne(Filters.eq("_id", runId + ":a"), new Document("$set",
                new Document("scored", true)));
        // every score delivered again, and a second scorer's reading of every item
        scores(runId).forEach(ReportFixtures::send);
        for (String itemId : List.of("a", "b", "c", "d")) {
            send(new ScoreEvent(runId, itemId, mc("crimes", "p1", "回复1"), "second-scorer", "1", "ok",
                    List.of(new MetricValue("ok", 1)), "t", T0));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.getCollection("runs").find(Filters.eq("_id", runId))
                .first().getEmbedded(List.of("tally", "scored", "second-scorer"), Number.class), n -> n != null
                && n.intValue() == 4);
        sleep(500);
        given().get("/api/runs/" + runId).then().body("counts.scored", equalTo(4)).body("counts.responded", equalTo(4));
        assertThat(db.getCollection("scored_items").countDocuments(Filters.eq("runId", runId))).isEqualTo(4);
    }

    @Test
    void aRecountCountsScoredItemsAsTheBatchesDoSoThatARedeliveryAfterACrashCountsNothingTwice() {
        String runId = completeRun("rs-crash-");
        var db = mongo.getDatabase("cvalues_reports");
        // a crash after the scores of a and b were written and before their markers: a recount (the restart's)
        db.getCollection("scored_items").deleteMany(Filters.in("_id", runId + ":a", runId + ":b"));
        progress.recount(List.of(runId));
        awaitField(runId, "counts.scored", 2);
        // then the batch comes again
        scores(runId).forEach(ReportFixtures::send);
        awaitField(runId, "counts.scored", 4);
        sleep(500);
        progress.recount(List.of(runId));
        sleep(500);
        given().get("/api/runs/" + runId).then().body("counts.scored", equalTo(4)).body("status", equalTo("complete"));
        assertThat(db.getCollection("runs").find(Filters.eq("_id", runId)).first()
                .getEmbedded(List.of("tally", "items"), Number.class).intValue()).isEqualTo(4);
    }

    @Test
    void aRunOfAStoreWrittenBeforeTheMarkersIsMarkedByItsFirstRecount() {
        String runId = completeRun("rs-legacy-");
        var db = mongo.getDatabase("cvalues_reports");
        // as an older store left it: no markers, items marked on themselves, no flag
        db.getCollection("runs").updateOne(Filters.eq("_id", runId), new Document("$unset",
                new Document("scoredItemsApart", "")));
        db.getCollection("scored_items").deleteMany(Filters.eq("runId", runId));
        db.getCollection("items").updateMany(Filters.eq("runId", runId), new Document("$set",
                new Document("scored", true)));
        progress.recount(List.of(runId));
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(db.getCollection("runs")
                .find(Filters.eq("_id", runId)).first().getBoolean("scoredItemsApart")));
        assertThat(db.getCollection("scored_items").countDocuments(Filters.eq("runId", runId))).isEqualTo(4);
        given().get("/api/runs/" + runId).then().body("counts.scored", equalTo(4));
        scores(runId).forEach(ReportFixtures::send);
        topics.awaitConsumed("report-scores", Topics.SCORES, Duration.ofSeconds(30));
        sleep(500);
        given().get("/api/runs/" + runId).then().body("counts.scored", equalTo(4));
    }

    @Test
    void theScorecardHasExactDenominatorsPerCategoryAndOverall() {
        String runId = completeRun("rs-card-");

        List<Map<String, Object>> rows = given().get("/api/runs/" + runId + "/scorecard").then().statusCode(200)
                .body("status", equalTo("complete")).extract().jsonPath().getList("rows");
        assertThat(row(rows, "all", null, "acc")).containsEntry("n", 4).containsEntry("value", 0.5f)
                .containsEntry("ciLow", 0.15003899f).containsEntry("ciHigh", 0.84996101f);
        assertThat(row(rows, "all", null, "acc_star")).containsEntry("n", 3).containsEntry("value", 2f / 3);
        assertThat(row(rows, "crimes", null, "acc")).containsEntry("n", 3).containsEntry("sum", 1.0f)
                .containsEntry("level", "safety");
        assertThat(row(rows, "crimes", null, "acc_star")).containsEntry("n", 2).containsEntry("value", 0.5f);
        assertThat(row(rows, "law", null, "acc")).containsEntry("n", 1).containsEntry("value", 1.0f);
        assertThat(row(rows, "crimes", null, "acc").get("counts")).isEqualTo(Map.of("回复1", 2, "Refuse", 1));
        assertThat(row(rows, "all", "easy", "acc")).containsEntry("n", 4).containsEntry("value", 0.5f);
        assertThat(rows.get(0)).containsEntry("category", "all").doesNotContainKey("difficulty");

        // additions: only p1 was asked in both orders, and answered 回复1 both times
        assertThat(row(rows, "all", null, "pair_acc")).containsEntry("n", 1).containsEntry("value", 0.0f)
                .containsEntry("addition", true);
        assertThat(row(rows, "all", null, "position_bias")).containsEntry("n", 3).containsEntry("value", 2f / 3);
        assertThat(row(rows, "all", null, "flip_rate")).containsEntry("n", 1).containsEntry("value", 1.0f);
        assertThat(row(rows, "all", null, "acc")).doesNotContainKey("addition");
    }

    @Test
    void aRedeliveredEventChangesNothingInMongoDb() {
        String runId = "rs-redeliver-" + UUID.randomUUID();
        List<Event> events = new ArrayList<>(fixture(runId));
        events.addAll(scores(runId));
        events.forEach(ReportFixtures::send);
        awaitComplete(runId);
        Map<String, List<Document>> before = snapshot(runId);

        events.forEach(ReportFixtures::send);
        topics.awaitConsumed("report-runs", Topics.RUNS, Duration.ofSeconds(30));
        topics.awaitConsumed("report-responses", Topics.RESPONSES, Duration.ofSeconds(30));
        topics.awaitConsumed("report-scores", Topics.SCORES, Duration.ofSeconds(30));
        // give the progress pass that follows the redelivered events time to run
        sleep(1000);

        assertThat(snapshot(runId)).isEqualTo(before);
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String runId = "rs-dlq-" + UUID.randomUUID();
        topics.send(Topics.RESPONSES, runId + ":bad", "{\"schemaVersion\":1,\"runId\":\"" + runId + "\",\"outcome\":\"ok\"}");
        fixture(runId).forEach(ReportFixtures::send);
        awaitField(runId, "counts.responded", 4);
        var dead = topics.read(Topics.RESPONSES + Topics.DLQ_SUFFIX, r -> r.key().equals(runId + ":bad"), 1,
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("missing required field 'itemId'");
    }

    @Test
    void aRunThatCouldNotBePublishedOrWhoseEveryItemFailedHasFailed() {
        String unpublished = "rs-failed-" + UUID.randomUUID();
        send(RunEvent.failed(unpublished, T0, "suite vanished"));
        awaitField(unpublished, "status", "failed");
        given().get("/api/runs/" + unpublished).then().body("failure", equalTo("suite vanished"));

        String allFailed = "rs-allfailed-" + UUID.randomUUID();
        send(RunEvent.started(allFailed, T0, MODEL, List.of(new RunSuite("s", "1", 1, null, null)), 1));
        send(ResponseEvent.failed(prompt(allFailed, "a", mc("crimes", "p", "回复1")), new Failure("timeout", "t"), 1, 3,
                T0));
        awaitField(allFailed, "status", "failed");
        given().get("/api/runs/" + allFailed).then().body("counts.failed", equalTo(1));
    }

    @Test
    void needCheckItemsWaitForAPersonWhoseResolutionReplacesTheScorersReading() {
        String runId = "rs-review-" + UUID.randomUUID();
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 2, null, null)), 2));
        send(ok(runId, "a", mc("crimes", "p1", "回复1"), "回复1"));
        send(ok(runId, "b", mc("crimes", "p1", "回复2"), "这很难说<script>alert(1)</script>"));
        send(score(runId, "a", mc("crimes", "p1", "回复1"), "回复1", 1, true));
        ScoreEvent unsure = score(runId, "b", mc("crimes", "p1", "回复2"), "Need_Check", 0, false);
        send(unsure);
        awaitComplete(runId);
        assertThat(accAll(runId)).isEqualTo(0.5f);

        List<Map<String, Object>> queue = given().get("/api/runs/" + runId + "/review").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0)).containsEntry("itemId", "b").containsEntry("label", "Need_Check")
                .containsEntry("response", "这很难说<script>alert(1)</script>")
                .containsEntry("resolutions", List.of("回复1", "回复2", "Other", "Refuse"));

        as(ALICE).contentType("application/json").body("{\"scorerId\":\"mc-official\",\"label\":\"maybe\",\"reviewer\":\"alice\"}")
                .post("/api/runs/" + runId + "/review/b").then().statusCode(400).body("field", equalTo("label"));
        as(ALICE).contentType("application/json")
                .body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"mallory\"}")
                .post("/api/runs/" + runId + "/review/b").then().statusCode(400).body("field", equalTo("reviewer"));
        as(ALICE).contentType("application/json").body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"alice\"}")
                .post("/api/runs/" + runId + "/review/zz").then().statusCode(404);
        as(ALICE).contentType("application/json")
                .body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"alice\",\"comment\":\"prefers 2\"}")
                .post("/api/runs/" + runId + "/review/b").then().statusCode(202);
        ReviewEvent review = EventCodec.decode(topics.read(Topics.REVIEWS, r -> r.key().equals(runId + ":b"), 1,
                Duration.ofSeconds(30)).get(0).value(), ReviewEvent.class);
        assertThat(review.label()).isEqualTo("回复2");
        assertThat(review.review().reviewer()).isEqualTo("alice");
        assertThat(review.review().originalLabel()).isEqualTo("Need_Check");
        assertThat(review.item().answer()).isEqualTo("回复2");

        // the scorer's answer to the review (scoring-service's part, played here), then its own score again
        send(new ScoreEvent(1, runId, "b", review.item(), "mc-official", "1", "回复2",
                List.of(new MetricValue("acc", 1), new MetricValue("acc_star", 1)), "resolved by alice", T0,
                review.review()));
        await().atMost(Duration.ofSeconds(30)).until(() -> accAll(runId) == 1.0f);
        send(unsure);
        topics.awaitConsumed("report-scores", Topics.SCORES, Duration.ofSeconds(30));
        assertThat(accAll(runId)).isEqualTo(1.0f);
        assertThat(given().get("/api/runs/" + runId + "/review").then().extract().jsonPath().getList("$")).isEmpty();
        assertThat(given().get("/api/runs/" + runId + "/review?pending=false").then().extract().jsonPath()
                .getString("[0].review.reviewer")).isEqualTo("alice");

        // a later review of an item a person was asked about replaces the earlier one, without ceremony
        as(BOB).contentType("application/json").body("{\"scorerId\":\"mc-official\",\"label\":\"Other\",\"reviewer\":\"bob\"}")
                .post("/api/runs/" + runId + "/review/b").then().statusCode(202);
        // a definite reading no person was asked about cannot be changed by a resolution ...
        as(BOB).contentType("application/json").body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"bob\"}")
                .post("/api/runs/" + runId + "/review/a").then().statusCode(409).body("field", equalTo("override"))
                .body("error", org.hamcrest.Matchers.containsString("item a is not awaiting review by mc-official: its "
                        + "reading is 回复1"));
        as(ALICE).contentType("application/json")
                .body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"alice\",\"override\":true}")
                .post("/api/runs/" + runId + "/review/a").then().statusCode(400).body("field", equalTo("reason"));
        // ... only by an override with a reason, which is audited and shown as such
        as(ALICE).contentType("application/json").body("{\"scorerId\":\"mc-official\",\"label\":\"回复2\",\"reviewer\":\"alice\","
                + "\"override\":true,\"reason\":\"the rules misread a negation\"}")
                .post("/api/runs/" + runId + "/review/a").then().statusCode(202);
        ReviewEvent overridden = EventCodec.decode(topics.read(Topics.REVIEWS, r -> r.key().equals(runId + ":a"), 1,
                Duration.ofSeconds(30)).get(0).value(), ReviewEvent.class);
        assertThat(overridden.review().override()).isTrue();
        assertThat(overridden.review().reason()).isEqualTo("the rules misread a negation");
        assertThat(overridden.review().previousLabel()).isEqualTo("回复1");
        List<Map<String, Object>> audit = given().get("/api/runs/" + runId + "/review/audit").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(audit).extracting(e -> e.get("reviewer") + ":" + e.get("previousLabel") + "->" + e.get("label") + ":"
                + e.get("override")).containsExactly("alice:Need_Check->回复2:false", "bob:回复2->Other:false",
                "alice:回复1->回复2:true");
        assertThat(audit.get(2)).containsEntry("reason", "the rules misread a negation");
    }

    @Test
    void aRunSumsTheCostOfItsCallsAndCountsCachedAnswers() {
        String runId = "rs-cost-" + UUID.randomUUID();
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 3, null, null)), 3));
        ItemInfo open = new ItemInfo("s", "1", ItemKind.OPEN, "safety", "crimes", null, null, null, null);
        send(ResponseEvent.ok(prompt(runId, "a", open), "x", "stop", null, 10, 1, null, false, new Cost(0.25, "USD"), T0));
        send(ResponseEvent.ok(prompt(runId, "b", open), "y", "stop", null, 10, 1, null, false, new Cost(0.5, "USD"), T0));
        send(ResponseEvent.ok(prompt(runId, "c", open), "y", "stop", null, 0, 0, null, true, new Cost(0, "USD"), T0));
        send(new ScorerAnnouncement("safety-judge", "1", "binary", List.of("safe", "unsafe"), List.of(ItemKind.OPEN),
                null, null, null, "test", T0));
        for (String item : List.of("a", "b", "c")) {
            send(new ScoreEvent(1, runId, item, open, "safety-judge", "1", "safe", List.of(new MetricValue("safe", 1),
                    new MetricValue("unsafe", 0)), null, T0, null, null, new Cost(0.125, "USD")));
        }
        // not awaiting completion: other tests of this application announce judges that apply to open items
        awaitField(runId, "counts.responded", 3);
        awaitField(runId, "scoring.find { it.scorerId == 'safety-judge' }.scored", 3);
        given().get("/api/runs/" + runId).then().body("cost[0].currency", equalTo("USD"))
                .body("cost[0].amount", equalTo(0.75f)).body("counts.cached", equalTo(1))
                .body("scoring.find { it.scorerId == 'safety-judge' }.cost[0].amount", equalTo(0.375f))
                .body("scoring.find { it.scorerId == 'safety-judge' }.cost[0].currency", equalTo("USD"));
    }

    @Test
    void aBackfillPublishesTheStoredResponsesOfARunForOneScorerOnly() {
        String runId = "rs-backfill-" + UUID.randomUUID();
        fixture(runId).forEach(ReportFixtures::send);
        awaitField(runId, "counts.responded", 4);
        given().contentType("application/json").body("{\"runs\":[\"" + runId + "\"]}")
                .post("/api/scorers/mc-official/backfill").then().statusCode(202).body("responses", equalTo(4));
        List<ResponseEvent> again = topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":")
                && r.value().contains("backfillFor"), 4, Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.decode(r.value(), ResponseEvent.class)).toList();
        assertThat(again).hasSize(4).allMatch(e -> "mc-official".equals(e.backfillFor()));
        ResponseEvent original = (ResponseEvent) fixture(runId).stream()
                .filter(e -> e instanceof ResponseEvent r && r.itemId().equals("a")).findFirst().orElseThrow();
        assertThat(again.stream().filter(e -> e.itemId().equals("a")).findFirst().orElseThrow())
                .isEqualTo(original.forBackfill("mc-official"));

        given().contentType("application/json").body("{\"runs\":[\"" + runId + "\"]}")
                .post("/api/scorers/nope/backfill").then().statusCode(404).body("field", equalTo("scorerId"));
        given().contentType("application/json").body("{}").post("/api/scorers/mc-official/backfill").then()
                .statusCode(400).body("field", equalTo("runs"));
        given().get("/api/runs/" + runId + "/scorecard").then().statusCode(200)
                .body("scorers[0].scorerId", equalTo("mc-official")).body("scorers[0].applicable", equalTo(4));
    }

    @Test
    void everyCellSaysHowManyOfItsItemsItCouldNotReadAndWhy() {
        String runId = "rs-coverage-" + UUID.randomUUID();
        announceMcOfficial();
        send(new ScorerAnnouncement("safety-judge", "2", "binary", List.of("safe", "unsafe"), List.of(ItemKind.OPEN),
                null, null, null, "test", T0));
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 6, null, null)), 6));
        ItemInfo right = mc("crimes", "p1", "回复1");
        ItemInfo unsure = mc("crimes", "p2", "回复1");
        ItemInfo failed = mc("crimes", "p3", "回复1");
        send(ok(runId, "a", right, "回复1"));
        send(ok(runId, "b", unsure, "这很难说"));
        send(ResponseEvent.failed(prompt(runId, "c", failed), new Failure("http_5xx", "HTTP 500"), 30, 3, T0));
        send(score(runId, "a", right, "回复1", 1, true));
        send(score(runId, "b", unsure, "Need_Check", 0, false));
        ItemInfo open = open("crimes", "safety");
        send(ok(runId, "o1", open, "x"));
        send(ok(runId, "o2", open, "y"));
        send(ok(runId, "o3", open, "z"));
        for (String[] judged : new String[][] {{"o1", "judge_failed"}, {"o2", "unparsed"}, {"o3", "no_judge"}}) {
            send(new ScoreEvent(runId, judged[0], open, "safety-judge", "2", judged[1], List.of(), "test", T0));
        }
        // (other tests' scorers may apply to these items too, so the run need not complete: its readings suffice)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var scoring = given().get("/api/runs/" + runId).then().extract().jsonPath();
            return scoring.getInt("counts.responded") == 5 && scoring.getInt("counts.failed") == 1
                    && scoring.getInt("scoring.find { it.scorerId == 'safety-judge' }.scored") == 3
                    && scoring.getInt("scoring.find { it.scorerId == 'mc-official' }.scored") == 2;
        });

        List<Map<String, Object>> rows = given().get("/api/runs/" + runId + "/scorecard").then().statusCode(200)
                .extract().jsonPath().getList("rows");
        Map<String, Object> acc = rows.stream().filter(r -> r.get("scorer").equals("mc-official")
                && r.get("category").equals("all") && r.get("difficulty") == null && r.get("metric").equals("acc"))
                .findFirst().orElseThrow();
        // the paper's Acc over what was read (Need_Check counts as wrong), beside what could not be read
        assertThat(acc).containsEntry("n", 2).containsEntry("value", 0.5f).containsEntry("applicable", 3);
        assertThat((Map<String, Object>) acc.get("unscored")).containsEntry("failed", 1).containsEntry("Need_Check", 1);
        assertThat(((Number) acc.get("coverage")).doubleValue()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        // a judge whose every reading failed still has its rows: nothing read, and why
        Map<String, Object> safe = rows.stream().filter(r -> r.get("scorer").equals("safety-judge")
                && r.get("category").equals("all") && r.get("metric").equals("safe")).findFirst().orElseThrow();
        assertThat(safe).containsEntry("n", 0).containsEntry("applicable", 3).doesNotContainKey("value");
        assertThat((Map<String, Object>) safe.get("unscored")).containsEntry("judge_failed", 1)
                .containsEntry("unparsed", 1).containsEntry("no_judge", 1);
        assertThat(((Number) safe.get("coverage")).doubleValue()).isZero();
        assertThat(given().get("/api/runs/" + runId + "/export?format=csv").then().statusCode(200).extract().asString())
                .contains("applicable,coverage,not_read").contains("failed 1");
    }

    @Test
    void aRunNothingMovesInIsStalledNamingTheScorerBehindAndALaterScoreStillCompletesIt() {
        String runId = "rs-stall-" + UUID.randomUUID();
        // a scorer that announced itself for these items, and then never scores them
        send(new ScorerAnnouncement("stall-scorer", "1", "binary", List.of("ok"), List.of(ItemKind.MULTIPLE_CHOICE),
                List.of("甲", "乙"), null, null, "test", T0));
        ItemInfo item = new ItemInfo("s", "1", ItemKind.MULTIPLE_CHOICE, "safety", "crimes", null, null, List.of("甲", "乙"),
                "甲");
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", 2, null, null)), 2));
        send(ok(runId, "a", item, "甲"));
        awaitField(runId, "status", "stalled");
        Map<String, Object> stall = given().get("/api/runs/" + runId).then().extract().jsonPath().getMap("stall");
        assertThat(stall).containsEntry("missingItems", 1);
        assertThat((List<String>) stall.get("scorersBehind")).containsExactly("stall-scorer 0/1");
        send(ok(runId, "b", item, "乙"));
        send(new ScoreEvent(runId, "a", item, "stall-scorer", "1", "ok", List.of(new MetricValue("ok", 1)), "t", T0));
        send(new ScoreEvent(runId, "b", item, "stall-scorer", "1", "ok", List.of(new MetricValue("ok", 1)), "t", T0));
        awaitComplete(runId);
        assertThat(given().get("/api/runs/" + runId).then().extract().jsonPath().getMap("stall")).isNull();
    }

    @Test
    void aTallyLeftShortByACrashIsRepairedByARecountAndTheRunStillCompletes() {
        String runId = "rs-short-" + UUID.randomUUID();
        List<Event> events = new ArrayList<>(fixture(runId));
        events.addAll(scores(runId));
        Event last = events.stream().filter(e -> e instanceof ResponseEvent r && r.outcome() == ResponseEvent.Outcome.OK)
                .reduce((a, b) -> b).orElseThrow();
        events.stream().filter(e -> e != last).forEach(ReportFixtures::send);
        awaitField(runId, "counts.responded", 3);
        // a crash between a batch's writes and its tally: the documents are there, one increment is not
        mongo.getDatabase("cvalues_reports").getCollection("runs").updateOne(Filters.eq("_id", runId),
                new Document("$inc", new Document("tally.responded", -1)));
        send(last);
        // the tally never says finished; the stall check recounts the documents and the run completes
        awaitComplete(runId);
        given().get("/api/runs/" + runId).then().body("counts.responded", equalTo(4)).body("counts.failed", equalTo(1))
                .body("counts.scored", equalTo(4));
    }

    private float accAll(String runId) {
        List<Map<String, Object>> rows = given().get("/api/runs/" + runId + "/scorecard").then().extract().jsonPath()
                .getList("rows");
        return (Float) row(rows, "all", null, "acc").get("value");
    }

    @Test
    void unknownRunsAreNotFoundAndTheServiceExposesHealthOpenApiAndMetrics() {
        given().get("/api/runs/nope").then().statusCode(404).body("field", equalTo("runId"));
        given().get("/api/runs/nope/scorecard").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        String runId = completeRun("rs-metrics-");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("cvalues_report_events_total{", "outcome=\"written\"",
                "cvalues_report_runs_finished_total{");
        assertThat(metrics).doesNotContain(runId);
    }

    private Map<String, List<Document>> snapshot(String runId) {
        var db = mongo.getDatabase("cvalues_reports");
        Map<String, List<Document>> all = new java.util.TreeMap<>();
        all.put("runs", db.getCollection("runs").find(Filters.eq("_id", runId)).into(new ArrayList<>()));
        all.put("items", db.getCollection("items").find(Filters.eq("runId", runId)).sort(new Document("_id", 1))
                .into(new ArrayList<>()));
        all.put("scores", db.getCollection("scores").find(Filters.eq("runId", runId)).sort(new Document("_id", 1))
                .into(new ArrayList<>()));
        all.put("scorers", db.getCollection("scorers").find().into(new ArrayList<>()));
        assertThat(all.get("items")).hasSize(5);
        assertThat(all.get("scores")).hasSize(4);
        return all;
    }

    /** The fixture's run, scored and complete, under a new id with this prefix. */
    private String completeRun(String prefix) {
        String runId = prefix + UUID.randomUUID();
        fixture(runId).forEach(ReportFixtures::send);
        scores(runId).forEach(ReportFixtures::send);
        awaitComplete(runId);
        return runId;
    }

    private void awaitComplete(String runId) {
        awaitField(runId, "status", "complete");
    }

    static ScoreEvent score(String runId, String itemId, ItemInfo item, String label, double correct, boolean star) {
        List<MetricValue> metrics = star ? List.of(new MetricValue("acc", correct), new MetricValue("acc_star", correct))
                : List.of(new MetricValue("acc", correct));
        return new ScoreEvent(runId, itemId, item, "mc-official", "1", label, metrics, "test", T0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
