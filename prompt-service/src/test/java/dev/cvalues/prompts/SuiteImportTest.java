package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.TestApi;
import dev.cvalues.infra.quarkus.MongoServerResource;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.QuarkusTestResource;
import jakarta.inject.Inject;
import org.bson.Document;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class SuiteImportTest {

    @Inject
    MongoClient mongo;

    @Test
    void importsOnceAndAgainChangesNothing() {
        given().spec(upload("cvalues-prompts", "fixtures/cvalues-prompts.jsonl")).post("/api/suites/import").then()
                .statusCode(201).body("suites[0].id", equalTo("cvalues-responsibility-prompts"))
                .body("suites[0].itemCount", equalTo(6)).body("suites[0].categories.law", equalTo(2))
                .body("suites[0].version", startsWith("sha-")).body("suites[0].created", equalTo(true));
        given().spec(upload("cvalues-prompts", "fixtures/cvalues-prompts.jsonl")).post("/api/suites/import").then()
                .statusCode(200).body("suites[0].created", equalTo(false)).body("suites[0].itemCount", equalTo(6));
        given().get("/api/suites/cvalues-responsibility-prompts").then().statusCode(200).body("itemCount", equalTo(6));
    }

    @Test
    void safetyBenchNeedsItsAnswerFile() {
        given().spec(upload("safetybench", "fixtures/safetybench-questions.json")).post("/api/suites/import").then()
                .statusCode(400).body("field", equalTo("answers"));
        given().spec(upload("safetybench", "fixtures/safetybench-questions.json"))
                .multiPart("answers", resource("fixtures/safetybench-answers.json"))
                .post("/api/suites/import").then().statusCode(201).body("suites[0].id", equalTo("safetybench-zh"))
                .body("suites[0].itemCount", equalTo(6)).body("suites[0].kinds.multiple_choice", equalTo(6));
        given().get("/api/suites/safetybench-zh").then().statusCode(200).body("kind", equalTo("multiple_choice"));
        given().get("/api/suites/cvalues-sample").then().statusCode(200).body("kind", equalTo("mixed"));
    }

    @Test
    void aBadLineImportsNothingAndNamesLineAndField() throws IOException {
        String id = "bad-" + UUID.randomUUID();
        File file = temp("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n"
                + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"x\"}\n"
                + "{\"id\":\"b\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\"}\n");
        given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import").then()
                .statusCode(400).body("field", equalTo("prompt"))
                .body("error", equalTo(file.getName() + " line 3, field 'prompt': missing"));
        given().get("/api/suites/" + id).then().statusCode(404);

        File duplicates = temp("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n"
                + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"x\"}\n"
                + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"y\"}\n");
        given().multiPart("format", "jsonl").multiPart("file", duplicates).post("/api/suites/import").then()
                .statusCode(400).body("error", containsString("line 3, field 'id': duplicate item id 'a'"));
        given().get("/api/suites/" + id).then().statusCode(404);
    }

    @Test
    void aBadLineAfterBatchesWereStoredLeavesNothingBehind() throws IOException {
        String id = "late-" + UUID.randomUUID();
        StringBuilder content = new StringBuilder("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n");
        for (int i = 0; i < 2600; i++) {
            content.append("{\"id\":\"i").append(i).append("\",\"kind\":\"open\",\"level\":\"safety\","
                    + "\"category\":\"crimes\",\"prompt\":\"p").append(i).append("\"}\n");
        }
        content.append("{\"id\":\"last\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\"}\n");
        File file = temp(content.toString());
        given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import").then()
                .statusCode(400).body("error", equalTo(file.getName() + " line 2602, field 'prompt': missing"));
        given().get("/api/suites/" + id).then().statusCode(404);
        assertThat(items().countDocuments(Filters.eq("suiteId", id))).as("the batches stored before line 2602")
                .isZero();
        MongoCollection<Document> leases = mongo.getDatabase("cvalues_prompts").getCollection("import_leases");
        assertThat(leases.find(Filters.eq("_id", id + "@1")).first()).as("released").isNull();
    }

    @Test
    void anExistingVersionWithOtherContentIsRefused() throws IOException {
        String id = "versioned-" + UUID.randomUUID();
        String line = "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"%s\"}\n";
        String header = "{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n";
        given().multiPart("format", "jsonl").multiPart("file", temp(header + line.formatted("x"))).post("/api/suites/import")
                .then().statusCode(201);
        given().multiPart("format", "jsonl").multiPart("file", temp(header + line.formatted("changed")))
                .post("/api/suites/import").then().statusCode(409).body("field", equalTo("version"));
    }

    @Test
    void aLineOverTheLimitRefusesTheFileNamingLineAndLimit() throws IOException {
        String id = "long-" + UUID.randomUUID();
        File file = temp("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n"
                + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"x\"}\n"
                + "{\"id\":\"b\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\""
                + "长".repeat(400_000) + "\"}\n");
        given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import").then()
                .statusCode(400).body("error", equalTo(file.getName() + " line 3: the line is longer than 1048576 "
                        + "bytes, the limit of one line (CVALUES_PROMPTS_MAX_LINE_BYTES)"));
        given().get("/api/suites/" + id).then().statusCode(404);
        assertThat(items().countDocuments(Filters.eq("suiteId", id))).isZero();
    }

    @Test
    void ordinaryRequestsAreBoundedBeforeTheyAreRead() throws IOException, InterruptedException {
        String big = "{\"suites\": [{\"id\": \"" + "x".repeat(1_100_000) + "\"}]}";
        given().contentType("application/json").body(big).post("/api/runs").then().statusCode(413)
                .body("field", equalTo("body"))
                .body("error", containsString("over the limit of 1048576 bytes (cvalues.http.max-body-size)"));
        // refused before anything reads it, the token too
        TestApi.anonymous().contentType("application/json").body(big).post("/api/runs")
                .then().statusCode(413);
        // a body of unknown length (chunked in HTTP/1.1, unframed in HTTP/2) cannot be bounded before it is read
        for (java.net.http.HttpClient.Version version : java.net.http.HttpClient.Version.values()) {
            java.net.http.HttpResponse<String> chunked = java.net.http.HttpClient.newBuilder().version(version).build()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + RestAssured.port + "/api/runs")).header("Authorization", "Bearer " + TestApi.RUNNER)
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(version + ": " + chunked.body()).isEqualTo(411);
            assertThat(chunked.body()).contains("\"field\":\"body\"", "needs a Content-Length");
        }
    }

    @Test
    void concurrentImportsOfOneVersionNeverInterleave() throws Exception {
        String id = "race-" + UUID.randomUUID();
        List<File> files = new ArrayList<>();
        for (String variant : List.of("left", "right")) {
            StringBuilder content = new StringBuilder("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n");
            for (int i = 0; i < 4000; i++) {
                content.append("{\"id\":\"").append(variant).append(i % 2 == 0 ? "" : "-" + i).append(i)
                        .append("\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"")
                        .append(variant).append(' ').append(i).append("\"}\n");
            }
            files.add(temp(content.toString()));
        }
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (File file : files) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import")
                            .then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (var status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
        // the suite holds one file's items, all of them, and nothing of the other
        int itemCount = given().get("/api/suites/" + id).then().statusCode(200).extract().path("itemCount");
        assertThat(itemCount).isEqualTo(4000);
        List<String> prompts = new ArrayList<>();
        items().find(Filters.eq("suiteId", id)).forEach(d -> prompts.add(d.getList("messages", Document.class)
                .get(0).getString("content").split(" ")[0]));
        assertThat(prompts).hasSize(4000);
        assertThat(new java.util.HashSet<>(prompts)).hasSize(1);
    }

    @Test
    void aHeldLeaseRefusesAStaleOneIsTakenOverAndLeftoversAreRemoved() throws IOException {
        String id = "lease-" + UUID.randomUUID();
        File file = temp("{\"suite\":{\"id\":\"" + id + "\",\"version\":\"1\"}}\n"
                + "{\"id\":\"a\",\"kind\":\"open\",\"level\":\"safety\",\"category\":\"crimes\",\"prompt\":\"x\"}\n");
        MongoCollection<Document> leases = mongo.getDatabase("cvalues_prompts").getCollection("import_leases");
        leases.insertOne(new Document("_id", id + "@1").append("owner", "another").append("renewedAt", new java.util.Date()));
        given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import").then()
                .statusCode(409).body("field", equalTo("version")).body("error", containsString("is being imported"));

        // the other import died a while ago, after writing an item this file does not have
        leases.updateOne(Filters.eq("_id", id + "@1"), new Document("$set", new Document("renewedAt",
                new java.util.Date(System.currentTimeMillis() - java.time.Duration.ofHours(1).toMillis()))));
        items().insertOne(new Document("_id", id + "@1/stray").append("suiteId", id).append("version", "1"));
        given().multiPart("format", "jsonl").multiPart("file", file).post("/api/suites/import").then().statusCode(201);
        assertThat(items().countDocuments(Filters.eq("suiteId", id))).isEqualTo(1);
        assertThat(items().find(Filters.eq("_id", id + "@1/stray")).first()).isNull();
        assertThat(leases.find(Filters.eq("_id", id + "@1")).first()).as("released").isNull();
    }

    private MongoCollection<Document> items() {
        return mongo.getDatabase("cvalues_prompts").getCollection("suite_items");
    }

    @Test
    void unknownFormatsAndMissingFilesAreNamed() {
        given().spec(upload("nope", "fixtures/cvalues-prompts.jsonl")).post("/api/suites/import").then()
                .statusCode(400).body("field", equalTo("format")).body("error", containsString("safetybench"));
        given().multiPart("format", "jsonl").post("/api/suites/import").then().statusCode(400)
                .body("field", equalTo("file"));
        given().get("/api/suites/formats").then().statusCode(200)
                .body("find { it.id == 'safetybench' }.companions[0]", equalTo("answers"));
    }

    @Test
    void theReleasedResponsibilityPromptsImportAs664ItemsWithThePublishedDomainCounts() {
        Path file = Path.of(System.getProperty("cvalues.datasets", "../../shared/datasets"),
                "cvalues/cvalues_responsibility_prompts.jsonl");
        assumeTrue(Files.isRegularFile(file), "shared datasets not on this machine");
        Map<String, Integer> categories = given().multiPart("format", "cvalues-prompts")
                .multiPart("file", file.toFile()).post("/api/suites/import").then().statusCode(201)
                .body("suites[0].itemCount", equalTo(664)).extract().path("suites[0].categories");
        assertThat(categories).isEqualTo(Map.of("environmental_science", 100, "intimate_relationship", 70,
                "social_science", 96, "psychology", 100, "law", 93, "barrier_free", 100, "data_science", 95,
                "lesser_known_major", 10));
    }

    private static RequestSpecification upload(String format, String resource) {
        return given().multiPart("format", format).multiPart("file", resource(resource));
    }

    private static File resource(String name) {
        try {
            return new File(SuiteImportTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static File temp(String content) throws IOException {
        Path file = Files.createTempFile("suite", ".jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        return file.toFile();
    }
}
