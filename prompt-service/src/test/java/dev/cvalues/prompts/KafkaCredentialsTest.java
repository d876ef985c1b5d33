package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.as;
import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cvalues.contracts.Topics;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import dev.cvalues.infra.quarkus.ScramKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * prompt-service given only the SASL/SCRAM listener and a user's credentials as kafka.* settings: its messaging
 * channels and its compacted-topic views (tokens, connections) all connect with them.
 */
@QuarkusTest
@TestProfile(KafkaCredentialsTest.Scram.class)
class KafkaCredentialsTest {

    public static class Scram implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScramKafkaResource.class),
                    new TestResourceEntry(MongoServerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void channelsAndViewsConnectWithTheServiceCredentials() {
        // the token is written to cvalues.tokens and read back by the view before the answer
        String token = given().contentType(ContentType.JSON).body("{\"name\":\"scram\",\"roles\":[\"runner\"]}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(token).get("/api/me").then().statusCode(200));
        String runId = as(token).contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random","parameters":{"seed":7}},
                 "suites":[{"id":"cvalues-sample"}]}""").post("/api/runs").then().statusCode(202)
                .extract().path("runId");
        try (TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers())) {
            assertThat(topics.read(Topics.RUNS, r -> r.key().equals(runId) && r.value().contains("\"published\""), 1,
                    Duration.ofSeconds(30))).isNotEmpty();
            assertThat(topics.read(Topics.PROMPTS, r -> r.key().startsWith(runId + ":"), 72, Duration.ofSeconds(30)))
                    .hasSize(72);
        }
    }
}
