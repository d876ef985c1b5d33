package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.as;
import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cvalues.contracts.Topics;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.EndpointAudit;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class SecurityTest {

    @Test
    void everyEndpointRefusesAnonymousCallsAndTooSmallARole() throws Exception {
        List<String> audited = EndpointAudit.audit(Map.of(
                "POST /api/runs", "runner",
                "POST /api/runs/{runId}/retry-failed", "runner",
                "POST /api/suites/import", "runner",
                "POST /api/tokens", "admin",
                "GET /api/tokens", "admin",
                "DELETE /api/tokens/{id}", "admin"));
        assertThat(audited).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void anAdminCreatesATokenThatWorksUntilRevokedAndIsStoredOnlyAsAHash() {
        Map<String, Object> created = given().contentType(ContentType.JSON)
                .body("{\"name\":\"ci\",\"roles\":[\"runner\"],\"expiresIn\":\"P1D\"}").post("/api/tokens").then()
                .statusCode(201).body("name", equalTo("ci")).extract().as(Map.class);
        String token = (String) created.get("token");
        assertThat(token).startsWith("cvt_").hasSizeGreaterThan(40);
        assertThat(created.get("expiresAt")).isNotNull();
        as(token).get("/api/suites").then().statusCode(200);
        as(token).contentType(ContentType.JSON).body("{\"name\":\"x\",\"roles\":[\"admin\"]}").post("/api/tokens").then()
                .statusCode(403);
        String listed = given().get("/api/tokens").then().statusCode(200).extract().asString();
        assertThat(listed).contains("\"ci\"").doesNotContain(token);
        try (TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers())) {
            assertThat(topics.read(Topics.TOKENS, r -> r.value() != null && r.value().contains(token), 1,
                    Duration.ofSeconds(2), Duration.ZERO)).as("the token itself is on no topic").isEmpty();
        }

        given().delete("/api/tokens/" + created.get("id")).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(token).get("/api/suites").then().statusCode(401));
    }

    @Test
    void tokenRequestsNameTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"roles\":[\"root\"]}").post("/api/tokens").then()
                .statusCode(400).body("field", equalTo("roles"));
        given().contentType(ContentType.JSON).body("{\"name\":\"a b\",\"roles\":[\"viewer\"]}").post("/api/tokens").then()
                .statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"roles\":[\"viewer\"],\"expiresIn\":\"soon\"}")
                .post("/api/tokens").then().statusCode(400).body("field", equalTo("expiresIn"));
        given().delete("/api/tokens/tok-none").then().statusCode(404);
    }
}
