package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class PromptServiceTest {

    final TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers());

    @Test
    void listsTheBundledSampleSuite() {
        given().get("/api/suites").then().statusCode(200)
                .body("id", hasItem("cvalues-sample"))
                .body("find { it.id == 'cvalues-sample' }.itemCount", equalTo(72))
                .body("find { it.id == 'cvalues-sample' }.kinds.multiple_choice", equalTo(36))
                .body("find { it.id == 'cvalues-sample' }.categories.crimes", equalTo(4));
    }

    @Test
    void publishesRunStartedThenOnePromptPerItemKeyedByRunAndItem() {
        String runId = given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random","parameters":{"seed":42}},
                 "suites":[{"id":"cvalues-sample"}]}""")
                .post("/api/runs").then().statusCode(202).body("expectedItems", equalTo(72))
                .extract().path("runId");

        List<RunEvent> runEvents = topics.read(Topics.RUNS, r -> r.key().equals(runId), 2, Duration.ofSeconds(30))
                .stream().map(r -> EventCodec.decode(r.value(), RunEvent.class)).toList();
        assertThat(runEvents).extracting(RunEvent::type).containsExactly(RunEvent.Type.STARTED, RunEvent.Type.PUBLISHED);
        assertThat(runEvents.get(0).expectedItems()).isEqualTo(72);
        assertThat(runEvents.get(0).model().name()).isEqualTo("baseline:random");
        assertThat(runEvents.get(0).suites().get(0).version()).isEqualTo("1.0");

        List<ConsumerRecord<String, String>> prompts = topics.read(Topics.PROMPTS,
                r -> r.key().startsWith(runId + ":"), 72, Duration.ofSeconds(30));
        assertThat(prompts).hasSize(72);
        Set<String> itemIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : prompts) {
            PromptEvent prompt = EventCodec.decode(record.value(), PromptEvent.class);
            assertThat(record.key()).isEqualTo(runId + ":" + prompt.itemId());
            assertThat(prompt.model().parameters().seed()).isEqualTo(42L);
            itemIds.add(prompt.itemId());
        }
        assertThat(itemIds).hasSize(72);
        assertThat(prompts.stream().map(r -> EventCodec.decode(r.value(), PromptEvent.class))
                .filter(p -> p.item().kind() == ItemKind.MULTIPLE_CHOICE))
                .hasSize(36).allMatch(p -> p.item().choices().equals(List.of("回复1", "回复2")));

        given().get("/api/runs/" + runId + "/publication").then().statusCode(200)
                .body("state", equalTo("published")).body("published", equalTo(72));
    }

    @Test
    void aSeededSampleKeepsPairsWholeAndRepeatsExactly() {
        String body = """
                {"model":{"provider":"baseline:refuse"},"suites":[{"id":"cvalues-sample","sampleSize":9,"seed":3}]}""";
        String first = given().contentType(ContentType.JSON).body(body).post("/api/runs").then().statusCode(202)
                .extract().path("runId");
        String second = given().contentType(ContentType.JSON).body(body).post("/api/runs").then().statusCode(202)
                .extract().path("runId");
        int expected = given().get("/api/runs/" + first + "/publication").then().extract().path("expectedItems");
        assertThat(expected).isBetween(9, 10);

        Set<String> firstItems = itemIds(first, expected);
        assertThat(itemIds(second, expected)).isEqualTo(firstItems);
        firstItems.stream().filter(id -> id.endsWith("-pos1"))
                .forEach(id -> assertThat(firstItems).contains(id.replace("-pos1", "-pos2")));
    }

    @Test
    void onlyTheFailedItemsOfARunArePublishedAgain() {
        String runId = given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"openai","name":"m","endpoint":"http://127.0.0.1:9/v1"},"cache":false,
                 "suites":[{"id":"cvalues-sample","sampleSize":4,"seed":11}]}""")
                .post("/api/runs").then().statusCode(202).extract().path("runId");
        List<PromptEvent> prompts = topics.read(Topics.PROMPTS, r -> r.key().startsWith(runId + ":"), 4,
                Duration.ofSeconds(30)).stream().map(r -> EventCodec.decode(r.value(), PromptEvent.class)).toList();
        assertThat(prompts).allMatch(p -> Boolean.FALSE.equals(p.cache()));
        PromptEvent first = prompts.get(0);
        PromptEvent second = prompts.get(1);
        for (PromptEvent p : List.of(first, second)) {
            topics.send(Topics.RESPONSES, Topics.itemKey(runId, p.itemId()), EventCodec.encode(ResponseEvent.failed(p,
                    new Failure("connection", "cannot reach"), 5, 3, Instant.now())));
        }
        topics.send(Topics.RESPONSES, Topics.itemKey(runId, prompts.get(2).itemId()), EventCodec.encode(
                ResponseEvent.ok(prompts.get(2), "好", "stop", null, 5, 1, null, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(2).equals(
                given().post("/api/runs/" + runId + "/retry-failed").then().statusCode(202).extract().path("retried")));

        Map<String, Long> published = topics.read(Topics.PROMPTS, r -> r.key().startsWith(runId + ":"), 6,
                Duration.ofSeconds(30)).stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(published.get(Topics.itemKey(runId, first.itemId()))).isGreaterThanOrEqualTo(2L);
        assertThat(published.get(Topics.itemKey(runId, prompts.get(2).itemId()))).isEqualTo(1L);

        // an answer with the routing headers the gateway writes: removed by its key alone
        ResponseEvent answered = ResponseEvent.ok(first, "好", "stop", null, 5, 1, null, Instant.now());
        topics.send(Topics.RESPONSES, Topics.itemKey(runId, first.itemId()), EventCodec.encode(answered),
                ResponseRouting.of(answered).headers());
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(1).equals(
                given().post("/api/runs/" + runId + "/retry-failed").then().extract().path("retried")));
        given().post("/api/runs/nope/retry-failed").then().statusCode(404);
    }

    @Test
    void invalidRequestsNameTheField() {
        given().contentType(ContentType.JSON).body("{\"suites\":[{\"id\":\"cvalues-sample\"}]}")
                .post("/api/runs").then().statusCode(400).body("field", equalTo("model"));
        given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random"},"suites":[{"id":"cvalues-sample"},{"id":"nope"}]}""")
                .post("/api/runs").then().statusCode(400).body("field", equalTo("suites[1].id"));
        given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"openai","name":"m","apiKeyRef":"sk-live-1234"},"suites":[{"id":"cvalues-sample"}]}""")
                .post("/api/runs").then().statusCode(400).body("field", equalTo("model.apiKeyRef"))
                .body("error", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("sk-live")));
        given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random"},"suites":[{"id":"cvalues-sample","sampleSize":"ten"}]}""")
                .post("/api/runs").then().statusCode(400).body("field", equalTo("suites[0].sampleSize"));
        given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random","limits":{"maxConcurrency":0}},"suites":[{"id":"cvalues-sample"}]}""")
                .post("/api/runs").then().statusCode(400).body("field", equalTo("model.limits.maxConcurrency"));
    }

    @Test
    void servesHealthOpenApiAndItsMetrics() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("cvalues_prompts_published_total", "cvalues_runs_submitted_total");
    }

    private Set<String> itemIds(String runId, int count) {
        Set<String> ids = new HashSet<>();
        topics.read(Topics.PROMPTS, r -> r.key().startsWith(runId + ":"), count, Duration.ofSeconds(30))
                .forEach(r -> ids.add(EventCodec.decode(r.value(), PromptEvent.class).itemId()));
        return ids;
    }
}
