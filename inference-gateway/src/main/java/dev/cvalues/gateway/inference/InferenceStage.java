package dev.cvalues.gateway.inference;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.gateway.EventLoops;
import dev.cvalues.gateway.GatewayConfig;
import dev.cvalues.gateway.connection.ConnectionRegistry;
import dev.cvalues.platform.kafka.RoutingHeaders;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * cvalues.prompts → model → cvalues.responses. Up to {@code max-in-flight} prompts are answered at once
 * (responses leave in completion order, which the item-level key makes harmless), each handled on the next
 * event loop in turn so that the work is not all done on the consumer's one. A prompt is acknowledged only
 * once its response or failure event is written; an unreadable prompt goes to cvalues.prompts.dlq.
 */
@ApplicationScoped
public class InferenceStage {

    /** The failure reason of a response whose event cannot go on the topic. */
    public static final String TOO_LARGE = "response_too_large";

    private final ModelCaller caller;
    private final ConnectionRegistry connections;
    private final GatewayConfig config;
    private final EventLoops eventLoops;

    public InferenceStage(ModelCaller caller, ConnectionRegistry connections, GatewayConfig config,
            EventLoops eventLoops) {
        this.caller = caller;
        this.connections = connections;
        this.config = config;
        this.eventLoops = eventLoops;
    }

    @Incoming("prompts-in")
    @Outgoing("responses-out")
    public Multi<Message<String>> answer(Multi<Message<String>> prompts) {
        return process(prompts);
    }

    /** Judges' calls: their own topics, the same limits, retries, cache and costs as the evaluated models'. */
    @Incoming("judge-prompts-in")
    @Outgoing("judge-responses-out")
    public Multi<Message<String>> judge(Multi<Message<String>> prompts) {
        return process(prompts);
    }

    private Multi<Message<String>> process(Multi<Message<String>> prompts) {
        return prompts.onItem().transformToMulti(message -> eventLoops.spread(() -> handle(message)).toMulti())
                .merge(config.maxInFlight());
    }

    private Uni<Message<String>> handle(Message<String> message) {
        PromptEvent prompt;
        try {
            prompt = EventCodec.decode(message.getPayload(), PromptEvent.class);
        } catch (InvalidEventException e) {
            // dead-letter it (the channel's failure strategy) and emit nothing
            return Uni.createFrom().completionStage(() -> message.nack(e)).onItem().transform(x -> null);
        }
        return caller.respond(prompt)
                // a bug of ours must not stop the stage nor lose the item: it becomes an explicit failure
                .onFailure().recoverWithItem(e -> ResponseEvent.failed(prompt,
                        new Failure("internal_error", connections.redact("inference-gateway: " + e)), 0, 0, Instant.now()))
                .map(response -> {
                    Sendable out = sendable(prompt, response);
                    return Message.of(out.json(), Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(Topics.itemKey(response.runId(), response.itemId()))
                            .withHeaders(RoutingHeaders.of(out.event())).build()),
                            () -> message.ack(), (Throwable reason) -> message.nack(reason));
                });
    }

    /**
     * The response's event as it can go on the topic: a text over {@code max-response-chars} cut there (finish reason
     * {@code length}); an event still over {@code max-event-bytes} replaced by the failure {@code response_too_large}
     * without the messages, which is always small. Every prompt ends as a response or a failure.
     */
    Sendable sendable(PromptEvent prompt, ResponseEvent response) {
        ResponseEvent event = response;
        if (event.text() != null && event.text().length() > config.maxResponseChars()) {
            event = event.truncated(config.maxResponseChars());
        }
        String json = EventCodec.encode(event);
        if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= config.maxEventBytes()) {
            return new Sendable(event, json);
        }
        ResponseEvent tooLarge = ResponseEvent.failed(prompt, new Failure(TOO_LARGE, "the response event would be "
                + json.length() + " characters, over the gateway's max-event-bytes " + config.maxEventBytes()),
                response.latencyMs(), response.attempts(), Instant.now()).withoutMessages();
        return new Sendable(tooLarge, EventCodec.encode(tooLarge));
    }

    /** A response event and its encoding. */
    record Sendable(ResponseEvent event, String json) {
    }
}
