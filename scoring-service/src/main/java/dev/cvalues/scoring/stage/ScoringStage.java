package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.platform.kafka.RoutingHeaders;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import dev.cvalues.scoring.scorer.Scorer;
import dev.cvalues.scoring.scorer.Verdict;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * cvalues.responses → one scorer → cvalues.scores, shared by every scorer's channel, a batch at a time
 * ({@link RecordBatches}). A response the scorer does not apply to (a failure, another kind of item, another
 * scorer's backfill) gives no score; an unreadable one goes to cvalues.responses.dlq.
 */
@ApplicationScoped
public class ScoringStage {

    /** How many decoded responses {@link #decoded} keeps: more than the channels are usually apart. */
    private static final int DECODED = 16_384;

    private final ScoreMeters meters;
    /**
     * Responses one scorer's channel decoded, for the others, by topic, partition, offset and timestamp, the oldest
     * dropped first: every channel reads every response, a few thousand records behind or ahead of the others, and
     * decoding each again was a quarter of the service's CPU. (A frequency-based cache admitted almost none of them:
     * each is read a few times, then never.) An unreadable record is never kept: each channel dead-letters it.
     */
    private final Map<RecordId, ResponseEvent> decoded = new LinkedHashMap<>(DECODED * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordId, ResponseEvent> eldest) {
            return size() > DECODED;
        }
    };

    public ScoringStage(ScoreMeters meters) {
        this.meters = meters;
    }

    public Multi<Message<String>> score(Scorer scorer, Multi<Message<List<String>>> responses) {
        return RecordBatches.process("scorer " + scorer.id(), responses, record -> score(scorer, record));
    }

    private RecordBatches.Send score(Scorer scorer, KafkaRecord<String, String> record) {
        ResponseEvent response = responseFor(scorer, record);
        if (response == null) {
            return null;
        }
        Verdict verdict = scorer.score(response.item(), response.text());
        meters.scored(scorer.id(), verdict.label());
        ScoreEvent score = new ScoreEvent(response.runId(), response.itemId(), response.item(), scorer.id(),
                scorer.version(), verdict.label(), verdict.metrics(), verdict.rationale(), Instant.now());
        return send(score, null, score.runId(), score.itemId());
    }

    /**
     * The response a record carries when it is for this scorer, decoded; null (counted as skipped) when it is not,
     * decided from the routing headers before decoding when the record has them. An unreadable record throws.
     */
    ResponseEvent responseFor(AnnouncedScorer scorer, KafkaRecord<String, String> record) {
        if (forScorer(scorer, record)) {
            ResponseEvent response = decode(record);
            if (forScorer(scorer, ResponseRouting.of(response))) {
                return response;
            }
        }
        meters.skipped(scorer.id());
        return null;
    }

    /** One record of a topic, whichever consumer group reads it. */
    private record RecordId(String topic, int partition, long offset, long timestamp) {
    }

    private ResponseEvent decode(KafkaRecord<String, String> record) {
        var incoming = record.getMetadata(IncomingKafkaRecordMetadata.class);
        if (incoming.isEmpty()) {
            return EventCodec.decode(record.getPayload(), ResponseEvent.class);
        }
        RecordId key = new RecordId(record.getTopic(), record.getPartition(), incoming.get().getOffset(),
                incoming.get().getTimestamp().toEpochMilli());
        ResponseEvent response;
        synchronized (decoded) {
            response = decoded.get(key);
        }
        if (response == null) {
            response = EventCodec.decode(record.getPayload(), ResponseEvent.class);
            synchronized (decoded) {
                decoded.put(key, response);
            }
        }
        return response;
    }

    /** An event for the record batch to send, keyed by its item ({@code topic} null: the channel's own). */
    static RecordBatches.Send send(Event event, String topic, String runId, String itemId) {
        return new RecordBatches.Send(topic, Topics.itemKey(runId, itemId), EventCodec.encode(event));
    }

    /**
     * False when the record's routing headers say the response is not for this scorer: it is skipped without
     * being decoded. True otherwise, and when the record has no routing (the event decides then).
     */
    private static boolean forScorer(AnnouncedScorer scorer, KafkaRecord<String, String> record) {
        ResponseRouting routing = RoutingHeaders.read(record.getHeaders());
        return routing == null || forScorer(scorer, routing);
    }

    /** Whether a response routed so is for this scorer: answered, no other scorer's backfill, an item it applies to. */
    static boolean forScorer(AnnouncedScorer scorer, ResponseRouting routing) {
        return routing.forScorer(scorer.id(), scorer.appliesTo(routing.kind(), routing.choices()));
    }
}
