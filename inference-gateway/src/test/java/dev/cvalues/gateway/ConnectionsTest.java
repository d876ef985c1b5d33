package dev.cvalues.gateway;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.infra.LoopbackChatModel;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Credentials go only where they were registered, and no request can make the gateway read or send one otherwise. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class ConnectionsTest {

    final TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers());

    @Test
    void aPromptCannotSendAnyVariableOrFileToAListenerOfItsChoosing() {
        try (LoopbackChatModel listener = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("thanks"))) {
            TestConnections.secret("fleet-key", "sk-fleet-" + UUID.randomUUID());
            TestConnections.register("fleet", "openai", "http://127.0.0.1:9/v1", "file:fleet-key", "/v2");
            String runId = "gw-steer-" + UUID.randomUUID();
            send(runId, "env", new ModelSpec("openai", "m", listener.endpoint(), "env:HOME", null));
            send(runId, "passwd", new ModelSpec("openai", "m", listener.endpoint(), "file:/etc/passwd", null));
            send(runId, "own-endpoint", new ModelSpec("openai", "m", listener.endpoint(), null, null, null, null, "fleet",
                    null));
            send(runId, "climb", ModelSpec.onConnection("fleet", "openai", "m", "/v2/../../x", null, null, null));
            send(runId, "host", ModelSpec.onConnection("fleet", "openai", "m", "@127.0.0.1:1", null, null, null));

            Map<String, ResponseEvent> responses = responses(runId, 5);
            assertThat(responses.get("env").failure().reason()).isEqualTo("credential_in_request");
            assertThat(responses.get("passwd").failure().reason()).isEqualTo("credential_in_request");
            assertThat(responses.get("passwd").failure().message()).doesNotContain("root:");
            assertThat(responses.get("own-endpoint").failure().reason()).isEqualTo("endpoint_not_allowed");
            assertThat(responses.get("climb").failure().reason()).isEqualTo("endpoint_not_allowed");
            assertThat(responses.get("host").failure().reason()).isEqualTo("endpoint_not_allowed");
            assertThat(listener.requests()).as("the listener received nothing").isEmpty();
        }
    }

    @Test
    void aConnectionsCredentialGoesToItsEndpointAndAnAllowedPathOnly() {
        try (LoopbackChatModel model = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("ok"))) {
            String key = "sk-registered-" + UUID.randomUUID();
            TestConnections.secret("registered-key", key);
            // the loopback model answers under /v1; the connection's endpoint is its root, /v1 the allowed path
            String root = model.endpoint().replaceAll("/v1$", "");
            TestConnections.register("registered", "openai", root, "file:registered-key", "/v1");
            String runId = "gw-registered-" + UUID.randomUUID();
            send(runId, "i", ModelSpec.onConnection("registered", "openai", "m", "/v1", null, null, null));
            assertThat(responses(runId, 1).get("i").text()).isEqualTo("ok");
            assertThat(model.requests()).singleElement().extracting(LoopbackChatModel.Request::authorization)
                    .isEqualTo("Bearer " + key);
            given().get("/api/connections/registered").then().statusCode(200)
                    .body("credentialRef", equalTo("file:registered-key")).body("credential", equalTo("resolved"))
                    .body(org.hamcrest.Matchers.not(containsString(key)));
        }
    }

    @Test
    void registrationRefusesReferencesOutsideTheRulesWithoutEchoingThem() {
        Map<String, Object> base = Map.of("provider", "openai", "endpoint", "http://127.0.0.1:8000/v1");
        TestConnections.put("bad", with(base, "credentialRef", "file:/etc/passwd")).statusCode(400)
                .body("field", equalTo("credentialRef"));
        TestConnections.put("bad", with(base, "credentialRef", "file:../../etc/passwd")).statusCode(400)
                .body("field", equalTo("credentialRef"));
        TestConnections.put("bad", with(base, "credentialRef", "env:HOME")).statusCode(400)
                .body("field", equalTo("credentialRef")).body("error", containsString("CVALUES_SECRET_"));
        TestConnections.put("bad", with(base, "credentialRef", "sk-live-pasted-by-mistake")).statusCode(400)
                .body(org.hamcrest.Matchers.not(containsString("sk-live-pasted-by-mistake")));
        TestConnections.put("bad", Map.of("provider", "openai", "endpoint", "http://169.254.169.254/latest"))
                .statusCode(400).body("field", equalTo("endpoint")).body("error", containsString("metadata"));
        TestConnections.put("bad", Map.of("provider", "openai", "endpoint", "http://u:p@127.0.0.1/v1")).statusCode(400)
                .body("field", equalTo("endpoint"));
        TestConnections.put("bad", Map.of("provider", "baseline:random", "endpoint", "http://127.0.0.1/v1"))
                .statusCode(400).body("field", equalTo("provider"));
        TestConnections.put("bad", with(base, "paths", List.of("/v2/../admin"))).statusCode(400)
                .body("field", equalTo("paths[0]"));
        TestConnections.put("Bad Name", base).statusCode(400).body("field", equalTo("name"));
        given().get("/api/connections/bad").then().statusCode(404);
    }

    @Test
    void aMultiLineSecretIsRefusedAndAppearsNowhere() {
        String first = "MULTI-" + UUID.randomUUID();
        String second = "LINE-" + UUID.randomUUID();
        TestConnections.secret("pem-key", first + "\n" + second + "\n");
        TestConnections.put("pem", Map.of("provider", "openai", "endpoint", "http://127.0.0.1:9/v1", "credentialRef",
                "file:pem-key")).statusCode(200).body("credential", equalTo("unavailable"))
                .body("credentialProblem", containsString("several lines"));
        String runId = "gw-pem-" + UUID.randomUUID();
        send(runId, "i", ModelSpec.onConnection("pem", "openai", "m", null, null, null, null));
        ConsumerRecord<String, String> record = topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), 1,
                Duration.ofSeconds(30)).get(0);
        assertThat(EventCodec.decode(record.value(), ResponseEvent.class).failure().reason())
                .isEqualTo("credential_unavailable");
        String everywhere = record.value() + given().get("/api/connections").asString()
                + given().get("/q/metrics").asString()
                + topics.read(Topics.CONNECTIONS, r -> "pem".equals(r.key()), 1, Duration.ofSeconds(10)).get(0).value();
        assertThat(everywhere).doesNotContain(first).doesNotContain(second);
    }

    @Test
    void metadataAddressesAreRefusedEvenAsAdHocEndpoints() {
        String runId = "gw-metadata-" + UUID.randomUUID();
        send(runId, "aws", new ModelSpec("openai", "m", "http://169.254.169.254/latest/meta-data", null, null));
        send(runId, "alibaba", new ModelSpec("openai", "m", "http://100.100.100.200/latest", null, null));
        send(runId, "gcp", new ModelSpec("openai", "m", "http://metadata.google.internal/computeMetadata/v1", null,
                null));
        Map<String, ResponseEvent> responses = responses(runId, 3);
        assertThat(responses.values()).allSatisfy(r -> assertThat(r.failure().reason()).isEqualTo("endpoint_not_allowed"));
    }

    @Test
    void anUnknownConnectionIsAnExplicitFailureAndAnAnswerOverTheBodyLimitToo() {
        try (LoopbackChatModel huge = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("x".repeat(150_000)))) {
            String runId = "gw-bounds-" + UUID.randomUUID();
            send(runId, "huge", new ModelSpec("openai", "m", huge.endpoint(), null, null));
            send(runId, "nobody", ModelSpec.onConnection("nobody", "openai", "m", null, null, null, null));
            Map<String, ResponseEvent> responses = responses(runId, 2);
            assertThat(responses.get("huge").failure().reason()).isEqualTo("response_too_large");
            assertThat(responses.get("huge").failure().message()).contains("max-response-body-bytes 100000");
            assertThat(responses.get("huge").attempts()).isEqualTo(1);
            assertThat(responses.get("nobody").failure().reason()).isEqualTo("unknown_connection");
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void registrationsStopAtTheCapAndTheOneBeyondStoresNothing() {
        List<String> added = new java.util.ArrayList<>();
        try {
            int present = given().get("/api/connections").then().statusCode(200).extract().jsonPath().getList("$")
                    .size();
            assertThat(present).as("the test profile's cap leaves room").isLessThan(30);
            for (int i = present; i < 30; i++) {
                String name = "cap-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                TestConnections.register(name, "openai", "http://127.0.0.1:9/v1", null);
                added.add(name);
            }
            TestConnections.put("cap-beyond", Map.of("provider", "openai", "endpoint", "http://127.0.0.1:9/v1"))
                    .statusCode(400).body("field", equalTo("name"))
                    .body("error", containsString("at most 30 connections can be registered"));
            given().get("/api/connections/cap-beyond").then().statusCode(404);
            // changing a registered one is no new registration
            TestConnections.register(added.get(0), "openai", "http://127.0.0.1:8/v1", null);
        } finally {
            added.forEach(name -> given().delete("/api/connections/" + name).then().statusCode(204));
        }
    }

    private void send(String runId, String itemId, ModelSpec model) {
        PromptEvent prompt = new PromptEvent(runId, itemId, model, InferenceGatewayTest.openItem(),
                List.of(ChatMessage.user("q " + runId)), Instant.now());
        topics.send(Topics.PROMPTS, Topics.itemKey(runId, itemId), EventCodec.encode(prompt));
    }

    private Map<String, ResponseEvent> responses(String runId, int count) {
        return topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), count, Duration.ofSeconds(30))
                .stream().map(r -> EventCodec.decode(r.value(), ResponseEvent.class))
                .collect(java.util.stream.Collectors.toMap(ResponseEvent::itemId, java.util.function.Function.identity()));
    }
}
