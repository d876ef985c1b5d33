package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class SuiteImportTest {

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
