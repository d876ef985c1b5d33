package dev.cvalues.report;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Events, topics and polling shared by report-service's tests. */
abstract class ReportFixtures {

    static final ModelSpec MODEL = new ModelSpec("openai", "m", "http://127.0.0.1:1/v1", "env:KEY", null);
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    private static TopicClient topics;

    static synchronized TopicClient topics() {
        if (topics == null) {
            topics = new TopicClient(KafkaBrokerResource.bootstrapServers());
        }
        return topics;
    }

    /** Polls GET /api/runs/{runId} until the JSON path has the value (a 404 before the first event counts as not yet). */
    static void awaitField(String runId, String path, Object value) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().get("/api/runs/" + runId);
            return response.statusCode() == 200 && value.equals(response.jsonPath().get(path));
        });
    }

    static Map<String, Object> row(List<Map<String, Object>> rows, String category, String difficulty, String metric) {
        return rows.stream().filter(r -> r.get("category").equals(category) && r.get("metric").equals(metric)
                && Objects.equals(r.get("difficulty"), difficulty)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + category + "/" + difficulty + "/" + metric + " in " + rows));
    }

    static void send(Event event) {
        if (event instanceof RunEvent e) {
            send(Topics.RUNS, e.runId(), e);
        } else if (event instanceof ResponseEvent e) {
            send(Topics.RESPONSES, Topics.itemKey(e.runId(), e.itemId()), e);
        } else if (event instanceof ScoreEvent e) {
            send(Topics.SCORES, Topics.itemKey(e.runId(), e.itemId()), e);
        } else if (event instanceof ScorerAnnouncement e) {
            send(Topics.SCORERS, e.scorerId(), e);
        } else {
            throw new IllegalArgumentException(event.getClass().getName());
        }
    }

    static void send(String topic, String key, Event event) {
        topics().send(topic, key, EventCodec.encode(event));
    }

    static ItemInfo mc(String category, String pairId, String answer) {
        return new ItemInfo("s", "1", ItemKind.MULTIPLE_CHOICE, category.equals("law") ? "responsibility" : "safety",
                category, pairId, "easy", List.of("回复1", "回复2"), answer);
    }

    static ItemInfo open(String category, String level) {
        return new ItemInfo("s", "1", ItemKind.OPEN, level, category, null, null, null, null);
    }

    static PromptEvent prompt(String runId, String itemId, ItemInfo item) {
        return prompt(runId, itemId, item, "q");
    }

    static PromptEvent prompt(String runId, String itemId, ItemInfo item, String question) {
        return new PromptEvent(runId, itemId, MODEL, item, List.of(ChatMessage.user(question)), T0);
    }

    static ResponseEvent ok(String runId, String itemId, ItemInfo item, String text) {
        return ResponseEvent.ok(prompt(runId, itemId, item), text, "stop", null, 10, 1, null, T0);
    }
}
