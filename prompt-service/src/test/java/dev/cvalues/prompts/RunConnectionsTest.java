package dev.cvalues.prompts;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.contracts.events.ModelLimits;
import dev.cvalues.contracts.events.Price;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs name registered connections; a request can name no credential and no endpoint a connection does not allow. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class RunConnectionsTest {

    final TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers());

    private void register(ConnectionEvent c) {
        topics.send(Topics.CONNECTIONS, c.name(), EventCodec.encode(c));
    }

    private io.restassured.response.ValidatableResponse run(String model) {
        return given().contentType(ContentType.JSON)
                .body("{\"model\":" + model + ",\"suites\":[{\"id\":\"cvalues-sample\",\"sampleSize\":2,\"seed\":1}]}")
                .post("/api/runs").then();
    }

    @Test
    void aRunOnAConnectionTakesItsProviderStricterLimitsAndPrice() {
        register(new ConnectionEvent("fleet", "openai", "https://models.example.com/v1", "env:CVALUES_SECRET_FLEET",
                new ModelLimits(16, 600, null), new Price(1.0, 2.0, "USD"), List.of("/v2"), "admin", Instant.now()));
        String runId = run("""
                {"connection":"fleet","name":"qwen-max","path":"/v2","limits":{"maxConcurrency":64,"tokensPerMinute":9000}}""")
                .statusCode(202).extract().path("runId");
        PromptEvent prompt = EventCodec.decode(topics.read(Topics.PROMPTS, r -> r.key().startsWith(runId + ":"), 1,
                Duration.ofSeconds(30)).get(0).value(), PromptEvent.class);
        assertThat(prompt.model().connection()).isEqualTo("fleet");
        assertThat(prompt.model().provider()).isEqualTo("openai");
        assertThat(prompt.model().path()).isEqualTo("/v2");
        assertThat(prompt.model().endpoint()).isNull();
        assertThat(prompt.model().apiKeyRef()).isNull();
        assertThat(prompt.model().limits()).isEqualTo(new ModelLimits(16, 600, 9000));
        assertThat(prompt.model().price()).isEqualTo(new Price(1.0, 2.0, "USD"));
    }

    @Test
    void aRunCanNameNoCredentialNoEndpointBesideItsConnectionAndNoPathItDoesNotAllow() {
        register(new ConnectionEvent("guarded", "openai", "https://models.example.com/v1", null, null, null,
                List.of("/v2"), "admin", Instant.now()));
        run("""
                {"provider":"openai","name":"m","endpoint":"http://127.0.0.1:9999/v1","apiKeyRef":"env:ANY_VARIABLE"}""")
                .statusCode(400).body("field", equalTo("model.apiKeyRef"));
        run("""
                {"connection":"guarded","name":"m","endpoint":"http://127.0.0.1:9999/v1"}""")
                .statusCode(400).body("field", equalTo("model.endpoint"));
        run("""
                {"connection":"guarded","name":"m","path":"/v2/../../admin"}""")
                .statusCode(400).body("field", equalTo("model.path"));
        run("""
                {"connection":"guarded","name":"m","provider":"anthropic"}""")
                .statusCode(400).body("field", equalTo("model.provider"));
        run("""
                {"connection":"nonesuch","name":"m"}""")
                .statusCode(400).body("field", equalTo("model.connection"));
        run("""
                {"provider":"openai","name":"m"}""")
                .statusCode(400).body("field", equalTo("model.connection"));
        run("""
                {"provider":"openai","name":"m","endpoint":"http://169.254.169.254/latest"}""")
                .statusCode(400).body("field", equalTo("model.endpoint")).body("error", containsString("metadata"));
        given().contentType(ContentType.JSON).body("""
                {"model":{"provider":"baseline:random"},"judge":{"provider":"openai","name":"j","apiKeyRef":"file:/etc/passwd"},
                 "suites":[{"id":"cvalues-sample"}]}""").post("/api/runs").then()
                .statusCode(400).body("field", equalTo("judge.apiKeyRef"));
    }
}
