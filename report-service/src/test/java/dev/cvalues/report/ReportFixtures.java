package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.awaitility.Awaitility.await;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.RunEvent;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.contracts.events.RunSuite;
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

    /**
     * A complete run of a model version, mc-official scored: {@code perCategory} items per category, all right
     * except in {@code worse}, where only the first {@code correct} are. Returns the run id.
     */
    static String versionedRun(String model, String version, List<String> categories, int perCategory, String worse,
            int correct) {
        return versionedRun(model, version, categories, perCategory, worse, correct, 0);
    }

    /** As above, with the calls of the first {@code failedShare} of each category's items failed (no score). */
    static String versionedRun(String model, String version, List<String> categories, int perCategory, String worse,
            int correct, double failedShare) {
        String runId = "v" + version + "-" + java.util.UUID.randomUUID();
        int n = categories.size() * perCategory;
        send(RunEvent.started(runId, T0, MODEL, List.of(new RunSuite("s", "1", n, null, null)), n,
                new RunSubject(model, version, Map.of("env", "test"), RunSubject.DEPLOYMENT, model + ":" + version)));
        for (String category : categories) {
            for (int i = 0; i < perCategory; i++) {
                String itemId = category + "-" + i;
                ItemInfo item = mc(category, itemId, "回复1");
                boolean right = !category.equals(worse) || i < correct;
                if (i < failedShare * perCategory) {
                    send(ResponseEvent.failed(prompt(runId, itemId, item),
                            new dev.cvalues.contracts.events.Failure("http_5xx", "HTTP 503"), 10, 3, T0));
                    continue;
                }
                send(ok(runId, itemId, item, right ? "回复1" : "回复2"));
                send(new ScoreEvent(runId, itemId, item, "mc-official", "1", right ? "回复1" : "回复2",
                        List.of(new MetricValue("acc", right ? 1 : 0), new MetricValue("acc_star", right ? 1 : 0)),
                        "test", T0));
            }
        }
        send(RunEvent.published(runId, T0, n));
        return runId;
    }

    static void announceMcOfficial() {
        send(new ScorerAnnouncement("mc-official", "1", "choice", List.of("acc", "acc_star"),
                List.of(ItemKind.MULTIPLE_CHOICE), List.of("回复1", "回复2"), "Need_Check",
                List.of("回复1", "回复2", "Other", "Refuse"), "test", T0));
    }

    static void awaitVerdict(String runId, String verdict) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> verdict.equals(
                    given().get("/api/runs/" + runId).jsonPath().getString("verdict.verdict")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no verdict " + verdict + ": " + given().get("/api/runs/" + runId).asString(), e);
        }
    }

    static ResponseEvent ok(String runId, String itemId, ItemInfo item, String text) {
        return ResponseEvent.ok(prompt(runId, itemId, item), text, "stop", null, 10, 1, null, T0);
    }
}
