package dev.cvalues.gateway;

import static dev.cvalues.infra.quarkus.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.Cost;
import dev.cvalues.contracts.events.ModelLimits;
import dev.cvalues.contracts.events.Price;
import dev.cvalues.contracts.events.TokenUsage;
import dev.cvalues.contracts.events.GenerationParams;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.gateway.provider.RandomBaseline;
import dev.cvalues.infra.LoopbackChatModel;
import dev.cvalues.infra.TopicClient;
import dev.cvalues.infra.quarkus.KafkaBrokerResource;
import dev.cvalues.infra.quarkus.MongoServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class InferenceGatewayTest {

    static final String API_KEY = "sk-test-" + UUID.randomUUID();
    static LoopbackChatModel mock;

    final TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers());

    @BeforeAll
    static void startMock() throws IOException {
        mock = MockOpenAiServer.start();
        TestConnections.secret("gateway-test-key", API_KEY + "\n");
    }

    @AfterAll
    static void stopMock() throws IOException {
        mock.close();
    }

    @Test
    void randomBaselineAnswersEachItemReproduciblyFromTheSeed() {
        String runId = "gw-random-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("baseline:random", "random", null, null,
                new GenerationParams(null, null, null, 42L, null));
        for (int i = 0; i < 20; i++) {
            send(new PromptEvent(runId, "mc-" + i, model, mcItem(), List.of(ChatMessage.user("哪个更好？")), Instant.now()));
        }
        send(new PromptEvent(runId, "open-1", model, openItem(), List.of(ChatMessage.user("问题")), Instant.now()));

        Map<String, ResponseEvent> responses = responses(runId, 21);
        assertThat(responses).hasSize(21);
        for (int i = 0; i < 20; i++) {
            String itemId = "mc-" + i;
            String expected = List.of("回复1", "回复2").get(RandomBaseline.choose(42L, itemId, 2));
            assertThat(responses.get(itemId).text()).isEqualTo("我选择" + expected + "。");
            assertThat(responses.get(itemId).outcome()).isEqualTo(ResponseEvent.Outcome.OK);
        }
        assertThat(responses.values().stream().map(ResponseEvent::text).distinct()).hasSizeGreaterThan(2);
        assertThat(responses.get("open-1").text()).doesNotContain("回复");
    }

    @Test
    void openAiRequestCarriesModelMessagesParametersAndTheResolvedKey() {
        String runId = "gw-openai-" + UUID.randomUUID();
        TestConnections.register("mock-openai", "openai", mock.endpoint(), "file:gateway-test-key");
        ModelSpec model = ModelSpec.onConnection("mock-openai", "openai", "echo", null,
                new GenerationParams(0.2, 0.9, 64, 7L, "系统提示", GenerationParams.JSON_OBJECT), null, null);
        send(new PromptEvent(runId, "i1", model, openItem(), List.of(ChatMessage.user("你好 " + runId)), Instant.now()));

        ResponseEvent response = responses(runId, 1).get("i1");
        assertThat(response.outcome()).isEqualTo(ResponseEvent.Outcome.OK);
        assertThat(response.text()).isEqualTo("echo:你好 " + runId);
        assertThat(response.usage().promptTokens()).isEqualTo(11);
        assertThat(response.usage().completionTokens()).isEqualTo(7);
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.providerRequestId()).startsWith("req-");

        LoopbackChatModel.Request request = mock.requests().stream()
                .filter(r -> r.body().toString().contains(runId)).findFirst().orElseThrow();
        assertThat(request.authorization()).isEqualTo("Bearer " + API_KEY);
        assertThat(request.body().path("model").asText()).isEqualTo("echo");
        assertThat(request.body().path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.body().path("messages").get(0).path("content").asText()).isEqualTo("系统提示");
        assertThat(request.body().path("messages").get(1).path("content").asText()).isEqualTo("你好 " + runId);
        assertThat(request.body().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(request.body().path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(request.body().path("max_tokens").asInt()).isEqualTo(64);
        assertThat(request.body().path("seed").asLong()).isEqualTo(7L);
        assertThat(request.body().path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void anthropicMessagesRequestCarriesSystemMaxTokensAndTheKeyHeader() {
        String runId = "gw-anthropic-" + UUID.randomUUID();
        TestConnections.register("mock-anthropic", "anthropic", mock.endpoint(), "file:gateway-test-key");
        ModelSpec model = ModelSpec.onConnection("mock-anthropic", "anthropic", "claude-test", null,
                new GenerationParams(0.3, null, null, 5L, "你是评测助手"), null, null);
        send(new PromptEvent(runId, "i1", model, openItem(), List.of(ChatMessage.user("问 " + runId)), Instant.now()));
        ResponseEvent response = responses(runId, 1).get("i1");
        assertThat(response.text()).isEqualTo("echo:问 " + runId);
        assertThat(response.finishReason()).isEqualTo("end_turn");
        assertThat(response.usage()).isEqualTo(new TokenUsage(13, 5));
        LoopbackChatModel.Request request = mock.requests().stream()
                .filter(r -> r.body().toString().contains(runId)).findFirst().orElseThrow();
        assertThat(request.api()).isEqualTo("anthropic");
        assertThat(request.authorization()).isEqualTo(API_KEY);
        assertThat(request.headers()).containsEntry("anthropic-version", "2023-06-01");
        assertThat(request.body().path("system").asText()).isEqualTo("你是评测助手");
        assertThat(request.body().path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(request.body().path("messages")).hasSize(1);
        assertThat(request.body().has("seed")).isFalse();
    }

    @Test
    void firstOptionBaselineAlwaysPicksTheFirstChoice() {
        String runId = "gw-first-" + UUID.randomUUID();
        send(new PromptEvent(runId, "m", new ModelSpec("baseline:first", "first", null, null, null), mcItem(),
                List.of(ChatMessage.user("q")), Instant.now()));
        assertThat(responses(runId, 1).get("m").text()).isEqualTo("我选择回复1。");
    }

    @Test
    void aSecondIdenticalPromptIsAnsweredFromTheCacheAtNoCostUnlessTheRunOptsOut() {
        String question = "缓存 " + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "echo", mock.endpoint(), null, new GenerationParams(0.0, null, null,
                null, null), null, new Price(1.0, 2.0, "USD"));
        String first = "gw-cache1-" + UUID.randomUUID();
        send(new PromptEvent(first, "i", model, openItem(), List.of(ChatMessage.user(question)), Instant.now()));
        ResponseEvent paid = responses(first, 1).get("i");
        assertThat(paid.cached()).isNull();
        assertThat(paid.cost()).isEqualTo(new Cost((11 * 1.0 + 7 * 2.0) / 1_000_000, "USD"));

        String second = "gw-cache2-" + UUID.randomUUID();
        send(new PromptEvent(second, "i", model, openItem(), List.of(ChatMessage.user(question)), Instant.now()));
        ResponseEvent cached = responses(second, 1).get("i");
        assertThat(cached.cached()).isTrue();
        assertThat(cached.text()).isEqualTo(paid.text());
        assertThat(cached.cost().amount()).isZero();
        assertThat(cached.attempts()).isZero();

        String optedOut = "gw-cache3-" + UUID.randomUUID();
        send(new PromptEvent(1, optedOut, "i", model, openItem(), List.of(ChatMessage.user(question)), Instant.now(),
                false));
        assertThat(responses(optedOut, 1).get("i").cached()).isNull();
        assertThat(mock.requests().stream().filter(r -> r.lastMessage().equals(question))).hasSize(2);
    }

    @Test
    void sampledAnswersAreNeverCachedAndEveryParameterIsPartOfTheKey() {
        String question = "采样 " + UUID.randomUUID();
        ModelSpec sampled = new ModelSpec("openai", "echo", mock.endpoint(), null, new GenerationParams(0.7, null, null,
                null, null));
        ModelSpec providerDefault = new ModelSpec("openai", "echo", mock.endpoint(), null, null);
        for (ModelSpec model : List.of(sampled, sampled, providerDefault, providerDefault)) {
            String runId = "gw-sampled-" + UUID.randomUUID();
            send(new PromptEvent(runId, "i", model, openItem(), List.of(ChatMessage.user(question)), Instant.now()));
            assertThat(responses(runId, 1).get("i").cached()).isNull();
        }
        assertThat(mock.requests().stream().filter(r -> r.lastMessage().equals(question))).hasSize(4);

        // seeded sampling repeats itself, so it is cached; another seed or format is another key
        ModelSpec seeded = new ModelSpec("openai", "echo", mock.endpoint(), null, new GenerationParams(0.7, null, null,
                3L, null));
        ModelSpec json = new ModelSpec("openai", "echo", mock.endpoint(), null, new GenerationParams(0.7, null, null,
                3L, null, GenerationParams.JSON_OBJECT));
        String seededQuestion = "种子 " + UUID.randomUUID();
        List<Boolean> cached = new java.util.ArrayList<>();
        for (ModelSpec model : List.of(seeded, seeded, json)) {
            String runId = "gw-seeded-" + UUID.randomUUID();
            send(new PromptEvent(runId, "i", model, openItem(), List.of(ChatMessage.user(seededQuestion)), Instant.now()));
            cached.add(Boolean.TRUE.equals(responses(runId, 1).get("i").cached()));
        }
        assertThat(cached).containsExactly(false, true, false);
    }

    @Test
    void anOversizeAnswerIsCutWithFinishReasonLengthAndAnUnsendableOneIsAnExplicitFailure() {
        String runId = "gw-oversize-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "echo", mock.endpoint(), null, null);
        // the echo model answers "echo:" + the question: 6,005 characters, over the test's 5,000
        send(new PromptEvent(runId, "long", model, openItem(), List.of(ChatMessage.user("a".repeat(6000))), Instant.now()));
        // 7,000 Chinese characters of question alone are over the test's 20,000 bytes of event
        send(new PromptEvent(runId, "huge", model, openItem(), List.of(ChatMessage.user("长".repeat(7000))), Instant.now()));
        Map<String, ResponseEvent> responses = responses(runId, 2);
        assertThat(responses.get("long").outcome()).isEqualTo(ResponseEvent.Outcome.OK);
        assertThat(responses.get("long").text()).hasSize(5000).startsWith("echo:aaa");
        assertThat(responses.get("long").finishReason()).isEqualTo("length");
        assertThat(responses.get("huge").outcome()).isEqualTo(ResponseEvent.Outcome.FAILED);
        assertThat(responses.get("huge").failure().reason()).isEqualTo("response_too_large");
        assertThat(responses.get("huge").messages()).isNull();
    }

    @Test
    void aModelsMaxConcurrencyIsNeverExceeded() {
        try (LoopbackChatModel slow = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("ok"),
                java.time.Duration.ofMillis(100), false)) {
            String runId = "gw-limit-" + UUID.randomUUID();
            ModelSpec model = new ModelSpec("openai", "slow", slow.endpoint(), null, null,
                    new ModelLimits(3, null, null), null);
            for (int i = 0; i < 20; i++) {
                send(new PromptEvent(1, runId, "i" + i, model, openItem(), List.of(ChatMessage.user("q" + i)),
                        Instant.now(), false));
            }
            assertThat(responses(runId, 20)).hasSize(20);
            assertThat(slow.maxInFlight()).isBetween(1, 3);
        }
    }

    @Test
    void anOpenCircuitSparesADownEndpoint() {
        String runId = "gw-breaker-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "down", mock.endpoint(), null, null, new ModelLimits(1, null, null),
                null);
        for (int i = 0; i < 10; i++) {
            send(new PromptEvent(1, runId, "i" + i, model, openItem(), List.of(ChatMessage.user(runId + i)),
                    Instant.now(), false));
        }
        List<ResponseEvent> failed = topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), 10,
                Duration.ofSeconds(60)).stream().map(r -> EventCodec.decode(r.value(), ResponseEvent.class)).toList();
        assertThat(failed).hasSize(10).allMatch(e -> e.outcome() == ResponseEvent.Outcome.FAILED);
        assertThat(failed).anyMatch(e -> e.failure().reason().equals("circuit_open"));
        long calls = mock.requests().stream().filter(r -> r.lastMessage().startsWith(runId)).count();
        assertThat(calls).isLessThan(10 * 3);
    }

    @Test
    void serverErrorsAreRetriedUntilTheModelAnswers() {
        String runId = "gw-flaky-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "flaky", mock.endpoint(), null, null);
        send(new PromptEvent(runId, "i1", model, openItem(), List.of(ChatMessage.user(runId)), Instant.now()));
        ResponseEvent response = responses(runId, 1).get("i1");
        assertThat(response.outcome()).isEqualTo(ResponseEvent.Outcome.OK);
        assertThat(response.attempts()).isEqualTo(3);
    }

    @Test
    void retryAfterIsHonoured() {
        String runId = "gw-limited-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "limited", mock.endpoint(), null, null);
        send(new PromptEvent(runId, "i1", model, openItem(), List.of(ChatMessage.user(runId)), Instant.now()));
        ResponseEvent response = responses(runId, 1).get("i1");
        assertThat(response.outcome()).isEqualTo(ResponseEvent.Outcome.OK);
        assertThat(response.attempts()).isEqualTo(2);
        List<Long> times = mock.requests().stream().filter(r -> r.body().toString().contains(runId))
                .map(LoopbackChatModel.Request::atMillis).toList();
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void aDownEndpointGivesExactlyOneFailureEventPerItemAndNoText() {
        String runId = "gw-down-" + UUID.randomUUID();
        ModelSpec model = new ModelSpec("openai", "down", mock.endpoint(), null, null);
        for (int i = 0; i < 3; i++) {
            send(new PromptEvent(runId, "i" + i, model, openItem(), List.of(ChatMessage.user(runId + i)), Instant.now()));
        }
        List<ResponseEvent> events = topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), 3,
                Duration.ofSeconds(30), Duration.ofSeconds(2)).stream()
                .map(r -> EventCodec.decode(r.value(), ResponseEvent.class)).toList();
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(ResponseEvent.Outcome.FAILED);
            assertThat(e.text()).isNull();
            // the last attempt either reached the endpoint or was refused by its open circuit
            assertThat(e.failure().reason()).isIn("http_5xx", "circuit_open");
            assertThat(e.attempts()).isEqualTo(3);
        });
    }

    @Test
    void clientErrorsAreNotRetriedAndNeverRevealTheKey() {
        String runId = "gw-auth-" + UUID.randomUUID();
        TestConnections.register("mock-openai", "openai", mock.endpoint(), "file:gateway-test-key");
        ModelSpec model = ModelSpec.onConnection("mock-openai", "openai", "auth", null, null, null, null);
        send(new PromptEvent(runId, "i1", model, openItem(), List.of(ChatMessage.user(runId)), Instant.now()));
        ConsumerRecord<String, String> record = topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), 1,
                Duration.ofSeconds(30)).get(0);
        ResponseEvent response = EventCodec.decode(record.value(), ResponseEvent.class);
        assertThat(response.failure().reason()).isEqualTo("http_4xx");
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.failure().message()).contains("HTTP 401", "***");
        assertThat(record.value()).doesNotContain(API_KEY);
    }

    @Test
    void unknownProviderIsAnExplicitFailure() {
        String runId = "gw-unknown-" + UUID.randomUUID();
        send(new PromptEvent(runId, "i1", new ModelSpec("nonesuch", "m", null, null, null), openItem(),
                List.of(ChatMessage.user("q")), Instant.now()));
        ResponseEvent response = responses(runId, 1).get("i1");
        assertThat(response.outcome()).isEqualTo(ResponseEvent.Outcome.FAILED);
        assertThat(response.failure().reason()).isEqualTo("unknown_provider");
        assertThat(response.failure().message()).contains("baseline:random", "openai");
    }

    @Test
    void unreadablePromptsGoToTheDeadLetterTopicAndTheStageGoesOn() {
        String runId = "gw-dlq-" + UUID.randomUUID();
        topics.send(Topics.PROMPTS, runId + ":bad1", "{not json");
        topics.send(Topics.PROMPTS, runId + ":bad2", "{\"schemaVersion\":1,\"runId\":\"" + runId + "\"}");
        send(new PromptEvent(runId, "good", new ModelSpec("baseline:refuse", "refuse", null, null, null), openItem(),
                List.of(ChatMessage.user("q")), Instant.now()));

        assertThat(responses(runId, 1)).containsOnlyKeys("good");
        List<ConsumerRecord<String, String>> dead = topics.read(Topics.PROMPTS + Topics.DLQ_SUFFIX,
                r -> r.key().startsWith(runId + ":"), 2, Duration.ofSeconds(30));
        Map<String, String> reasons = dead.stream().collect(Collectors.toMap(ConsumerRecord::key,
                r -> new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)));
        assertThat(reasons.get(runId + ":bad1")).contains("malformed JSON");
        assertThat(reasons.get(runId + ":bad2")).contains("missing required field 'itemId'");
        assertThat(dead.get(0).headers().lastHeader("dead-letter-topic")).isNotNull();
    }

    @Test
    void servesHealthOpenApiAndItsMetrics() {
        send(new PromptEvent("gw-metrics", "i1", new ModelSpec("baseline:refuse", "refuse", null, null, null),
                openItem(), List.of(ChatMessage.user("q")), Instant.now()));
        responses("gw-metrics", 1);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("cvalues_gateway_requests_total{", "cvalues_gateway_latency_seconds_bucket{",
                "cvalues_gateway_inflight", "cvalues_gateway_concurrency_limit{", "cvalues_gateway_tokens_total{",
                "cvalues_gateway_cache_total{");
        assertThat(metrics).doesNotContain("gw-metrics");
    }

    private void send(PromptEvent prompt) {
        topics.send(Topics.PROMPTS, Topics.itemKey(prompt.runId(), prompt.itemId()), EventCodec.encode(prompt));
    }

    private Map<String, ResponseEvent> responses(String runId, int count) {
        return topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"), count, Duration.ofSeconds(30))
                .stream().map(r -> EventCodec.decode(r.value(), ResponseEvent.class))
                .collect(Collectors.toMap(ResponseEvent::itemId, Function.identity()));
    }

    static ItemInfo mcItem() {
        return new ItemInfo("t", "1", ItemKind.MULTIPLE_CHOICE, "safety", "crimes", "p", null, List.of("回复1", "回复2"),
                "回复1");
    }

    static ItemInfo openItem() {
        return new ItemInfo("t", "1", ItemKind.OPEN, "safety", "crimes", null, null, null, null);
    }
}
