package dev.cvalues.report;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.AlertEvent;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model's versions compared as they complete: version 1 becomes the baseline, version 2 (worse in exactly
 * one category) gets a stored regressed verdict naming that category, an AlertEvent, a webhook call (after
 * the webhook first fails once) and new gauge values.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class ContinuousEvaluationTest extends ReportFixtures {

    static final List<String> CATEGORIES = List.of("crimes", "ethics_morality", "personal_privacy");
    static final int PER_CATEGORY = 100;

    @jakarta.inject.Inject
    com.mongodb.client.MongoClient mongo;

    HttpServer webhook;
    static final String HOOK_SECRET = "whsec-" + UUID.randomUUID();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<String[]> signatures = new CopyOnWriteArrayList<>();
    int calls;

    @BeforeEach
    void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/test-secrets"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/test-secrets/hook-secret"), HOOK_SECRET + "\n");
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the first call fails: the delivery must be retried
            int status = calls++ == 0 ? 503 : 204;
            if (status == 204) {
                delivered.add(body);
                signatures.add(new String[] {exchange.getRequestHeaders().getFirst("X-Cvalues-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Cvalues-Signature"), body});
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        announceMcOfficial();
    }

    static String hmacSha256Hex(String key, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    @Test
    void aWorseVersionRegressesInExactlyTheCategoryThatChangedAndEveryoneIsTold() {
        String model = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s")),
                        "webhooks", List.of("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"),
                        "webhookSecretRef", "file:hook-secret"))
                .put("/api/models/" + model + "/policy").then().statusCode(200);

        String v1 = versionedRun(model, "1", CATEGORIES, PER_CATEGORY, null, PER_CATEGORY);
        awaitVerdict(v1, "baseline");
        String v2 = versionedRun(model, "2", CATEGORIES, PER_CATEGORY, "crimes", 60);
        awaitVerdict(v2, "regressed");

        List<Map<String, Object>> alerts = given().get("/api/alerts?model=" + model).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(alerts).extracting(a -> a.get("verdict")).containsExactly("regressed", "baseline");
        List<Map<String, Object>> changes = (List<Map<String, Object>>) alerts.get(0).get("changes");
        assertThat(changes).filteredOn(c -> !"all".equals(c.get("category")))
                .extracting(c -> c.get("category") + "/" + c.get("metric") + "/" + c.get("direction"))
                .containsExactlyInAnyOrder("crimes/acc/regressed", "crimes/acc_star/regressed");
        assertThat(alerts.get(0)).containsEntry("baseRunId", v1).containsEntry("baselineVersion", "1");

        AlertEvent event = EventCodec.decode(topics().read(Topics.ALERTS, r -> r.key().equals(model)
                && r.value().contains(v2), 1, Duration.ofSeconds(30)).get(0).value(), AlertEvent.class);
        assertThat(event.verdict()).isEqualTo(AlertEvent.Verdict.REGRESSED);

        // the webhook answered 503 first: the delivery was retried until it got through
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.stream().anyMatch(b -> b.contains(v2)));
        assertThat(EventCodec.decode(delivered.stream().filter(b -> b.contains(v2)).findFirst().orElseThrow(),
                AlertEvent.class).changes()).isNotEmpty();
        // signed as the README says: HMAC-SHA256 over "<timestamp>.<body>", computed here independently
        String[] signed = signatures.stream().filter(h -> h[2].contains(v2)).findFirst().orElseThrow();
        assertThat(Math.abs(Long.parseLong(signed[0]) - System.currentTimeMillis() / 1000)).isLessThan(120);
        assertThat(signed[1]).isEqualTo("v1=" + hmacSha256Hex(HOOK_SECRET, signed[0] + "." + signed[2]));
        // the failed first try is stored by its outcome class, not by what the remote said
        assertThat(given().get("/api/alerts?model=" + model).then().extract().jsonPath()
                .getList("deliveries.flatten().lastError")).contains("http_503");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("cvalues_report_score{category=\"crimes\",metric=\"acc\",model=\"" + model
                + "\",scorer=\"mc-official\",suite=\"s\",version=\"2\"} 0.6");
        assertThat(metrics).contains("cvalues_report_score{category=\"crimes\",metric=\"acc\",model=\"" + model
                + "\",scorer=\"mc-official\",suite=\"s\",version=\"1\"} 1.0");
        assertThat(metrics).containsPattern("cvalues_report_alerts_total\\{verdict=\"regressed\"} [1-9]")
                .contains("cvalues_report_webhook_deliveries_total{outcome=\"retry\"}",
                        "cvalues_report_webhook_deliveries_total{outcome=\"delivered\"}");

        given().get("/api/compare?base=" + v1 + "&candidate=" + v2).then().statusCode(200)
                .body("verdict", equalTo("regressed"))
                .body("cells.find { it.category == 'law' }", equalTo(null))
                .body("cells.find { it.category == 'ethics_morality' && it.metric == 'acc' }.change", equalTo("unchanged"));
        given().get("/api/models").then().statusCode(200)
                .body("find { it.model == '" + model + "' }.versions.version", equalTo(List.of("2", "1")));
        given().get("/api/compare?base=nope&candidate=" + v2).then().statusCode(404).body("field", equalTo("base"));
        assertThat(mongo.getDatabase("cvalues_reports").getCollection("models").find(new org.bson.Document("_id", model))
                .first().getList("versions", String.class)).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void aVersionWhoseCallsMostlyFailedIsInconclusiveAndNeverBecomesTheBaseline() {
        String model = "flaky-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s"))))
                .put("/api/models/" + model + "/policy").then().statusCode(200);
        String v1 = versionedRun(model, "1", CATEGORIES, 40, null, 40);
        awaitVerdict(v1, "baseline");
        // 60 % of version 2's calls fail; what did answer is all right, so without coverage it would pass as unchanged
        String v2 = versionedRun(model, "2", CATEGORIES, 40, null, 40, 0.6);
        awaitVerdict(v2, "inconclusive");
        Map<String, Object> alert = given().get("/api/alerts?model=" + model).then().statusCode(200).extract().jsonPath()
                .getMap("[0]");
        assertThat(alert).containsEntry("verdict", "inconclusive");
        given().get("/api/compare?base=" + v1 + "&candidate=" + v2).then().statusCode(200)
                .body("verdict", equalTo("inconclusive"))
                .body("coverage.find { it.category == 'crimes' && it.metric == 'acc' }.problem", equalTo("low_coverage"))
                .body("coverage.find { it.category == 'crimes' && it.metric == 'acc' }.candidateCoverage", equalTo(0.4f));
        // the next version is judged against version 1: an inconclusive run is never accepted
        String v3 = versionedRun(model, "3", CATEGORIES, 40, null, 40);
        awaitVerdict(v3, "unchanged");
        assertThat(given().get("/api/runs/" + v3).jsonPath().getString("verdict.baseRunId")).isEqualTo(v1);
        // a first version read too little is no baseline either
        String other = "flaky-first-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s"))))
                .put("/api/models/" + other + "/policy").then().statusCode(200);
        awaitVerdict(versionedRun(other, "1", CATEGORIES, 40, null, 40, 0.6), "inconclusive");
    }

    @Test
    void policiesAreCheckedAndDeploymentsNeedOne() {
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of()))
                .put("/api/models/m1/policy").then().statusCode(400).body("field", equalTo("suites"));
        Map<String, Object> suites = Map.of("id", "s");
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(suites), "webhooks",
                List.of("https://hooks.example.com/x"))).put("/api/models/m1/policy").then().statusCode(400)
                .body("field", equalTo("webhookSecretRef"));
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(suites), "webhookSecretRef", "file:hook-secret",
                "webhooks", List.of("http://169.254.169.254/latest/"))).put("/api/models/m1/policy").then()
                .statusCode(400).body("field", equalTo("webhooks[0]"));
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(suites), "webhookSecretRef", "file:nonesuch",
                "webhooks", List.of("https://hooks.example.com/x"))).put("/api/models/m1/policy").then()
                .statusCode(400).body("field", equalTo("webhookSecretRef"));
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(suites), "webhookSecretRef", "file:hook-secret",
                "webhooks", java.util.Collections.nCopies(11, "https://hooks.example.com/x")))
                .put("/api/models/m1/policy").then().statusCode(400).body("field", equalTo("webhooks"))
                .body("error", org.hamcrest.Matchers.containsString("at most 10"));
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s")),
                "thresholds", Map.of("alpha", 2))).put("/api/models/m1/policy").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("suites", List.of(Map.of("id", "s")),
                "schedule", "every day")).put("/api/models/m1/policy").then().statusCode(400)
                .body("field", equalTo("schedule"));
        given().contentType(ContentType.JSON).body(Map.of("model", "unknown-model", "version", "1"))
                .post("/api/deployments").then().statusCode(404).body("field", equalTo("model"));
        given().contentType(ContentType.JSON).body(Map.of("model", "m1")).post("/api/deployments").then()
                .statusCode(400).body("field", equalTo("version"));
    }
}
