package dev.cvalues.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The service's own default: a model that is no registered connection is never called. */
@QuarkusTest
@TestProfile(AdHocEndpointsOffTest.Defaults.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoServerResource.class)
class AdHocEndpointsOffTest {

    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cvalues.egress.ad-hoc-endpoints", "false");
        }
    }

    @Test
    void anAdHocEndpointIsRefusedAndNeverCalled() {
        try (LoopbackChatModel listener = LoopbackChatModel.start(r -> LoopbackChatModel.Reply.text("answer"))) {
            String runId = "gw-adhoc-off-" + UUID.randomUUID();
            PromptEvent prompt = new PromptEvent(runId, "i", new ModelSpec("openai", "m", listener.endpoint(), null, null),
                    InferenceGatewayTest.openItem(), List.of(ChatMessage.user("q")), Instant.now());
            TopicClient topics = new TopicClient(KafkaBrokerResource.bootstrapServers());
            topics.send(Topics.PROMPTS, Topics.itemKey(runId, "i"), EventCodec.encode(prompt));
            ResponseEvent response = EventCodec.decode(topics.read(Topics.RESPONSES, r -> r.key().startsWith(runId + ":"),
                    1, Duration.ofSeconds(30)).get(0).value(), ResponseEvent.class);
            assertThat(response.failure().reason()).isEqualTo("endpoint_not_allowed");
            assertThat(response.failure().message()).contains("model.connection");
            assertThat(listener.requests()).isEmpty();
        }
    }
}
