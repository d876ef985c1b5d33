package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.platform.kafka.RoutingHeaders;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import dev.cvalues.scoring.scorer.Scorer;
import dev.cvalues.scoring.scorer.Verdict;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * cvalues.responses → one scorer → cvalues.scores, shared by every scorer's channel. A response the scorer
 * does not apply to (a failure, another kind of item, another scorer's backfill) is acknowledged without a
 * score; an unreadable one goes to cvalues.responses.dlq; a score is acknowledged upstream only once Kafka
 * has it.
 */
@ApplicationScoped
public class ScoringStage {

    private final ScoreMeters meters;

    public ScoringStage(ScoreMeters meters) {
        this.meters = meters;
    }

    public Multi<Message<String>> score(Scorer scorer, Multi<Message<String>> responses) {
        return responses.onItem().transformToMultiAndConcatenate(message -> {
            try {
                return score(scorer, message);
            } catch (RuntimeException e) {
                // a scorer that fails on one response must not stop the stage: dead-letter the response
                return nackWith(message, new IllegalStateException("scorer " + scorer.id() + " failed: " + e, e));
            }
        });
    }

    private Multi<Message<String>> score(Scorer scorer, Message<String> message) {
        if (!forScorer(scorer, message)) {
            return skip(scorer, message);
        }
        ResponseEvent response;
        try {
            response = EventCodec.decode(message.getPayload(), ResponseEvent.class);
        } catch (InvalidEventException e) {
            return nackWith(message, e);
        }
        if (!forScorer(scorer, ResponseRouting.of(response))) {
            return skip(scorer, message);
        }
        Verdict verdict = scorer.score(response.item(), response.text());
        meters.scored(scorer.id(), verdict.label());
        ScoreEvent score = new ScoreEvent(response.runId(), response.itemId(), response.item(), scorer.id(),
                scorer.version(), verdict.label(), verdict.metrics(), verdict.rationale(), Instant.now());
        return Multi.createFrom().item(Message.of(EventCodec.encode(score),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(Topics.itemKey(score.runId(), score.itemId())).build()),
                () -> message.ack(), (Throwable reason) -> message.nack(reason)));
    }

    /**
     * False when the record's routing headers say the response is not for this scorer: it is skipped without
     * being decoded. True otherwise, and when the record has no routing (the event decides then).
     */
    static boolean forScorer(AnnouncedScorer scorer, Message<String> message) {
        ResponseRouting routing = routing(message);
        return routing == null || forScorer(scorer, routing);
    }

    /** Whether a response routed so is for this scorer: answered, no other scorer's backfill, an item it applies to. */
    static boolean forScorer(AnnouncedScorer scorer, ResponseRouting routing) {
        return routing.forScorer(scorer.id(), scorer.appliesTo(routing.kind(), routing.choices()));
    }

    /** The routing headers of the record a message came from, or null. */
    static ResponseRouting routing(Message<String> message) {
        return RoutingHeaders.read(message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null));
    }

    private Multi<Message<String>> skip(Scorer scorer, Message<String> message) {
        meters.skipped(scorer.id());
        return Multi.createFrom().completionStage(() -> message.ack().thenApply(x -> (Message<String>) null));
    }

    private static Multi<Message<String>> nackWith(Message<String> message, Throwable reason) {
        return Multi.createFrom().completionStage(() -> message.nack(reason).thenApply(x -> (Message<String>) null));
    }
}
