package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
import dev.cvalues.contracts.events.ReviewEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.scoring.scorer.Scorer;
import dev.cvalues.scoring.scorer.Verdict;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * cvalues.reviews → the reviewed scorer → cvalues.scores: a person's resolution becomes a score event with
 * the scorer's own metrics for the resolved label and the review attached. A review of an unknown scorer or
 * with a label the scorer does not accept goes to cvalues.reviews.dlq with the reason.
 */
@ApplicationScoped
public class ReviewStage {

    private final Map<String, Scorer> scorers = new TreeMap<>();

    public ReviewStage(Instance<Scorer> all) {
        all.forEach(s -> scorers.put(s.id(), s));
    }

    @Incoming("reviews-in")
    @Outgoing("reviewed-scores")
    public Multi<Message<String>> resolve(Multi<Message<List<String>>> reviews) {
        return RecordBatches.process("review stage", reviews, record -> {
            ReviewEvent review = EventCodec.decode(record.getPayload(), ReviewEvent.class);
            Scorer scorer = scorers.get(review.scorerId());
            if (scorer == null) {
                throw new InvalidEventException("no scorer " + review.scorerId() + " here; known: " + scorers.keySet());
            }
            Verdict verdict;
            try {
                verdict = scorer.resolve(review.item(), review.label());
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(e.getMessage());
            }
            ScoreEvent score = new ScoreEvent(1, review.runId(), review.itemId(), review.item(), scorer.id(),
                    scorer.version(), verdict.label(), verdict.metrics(),
                    (Boolean.TRUE.equals(review.review().override()) ? "overridden by " + review.review().reviewer()
                            + " (was " + review.review().previousLabel() + "): " + review.review().reason()
                            : "resolved by " + review.review().reviewer() + " (was " + review.review().originalLabel()
                            + ")"),
                    Instant.now(), review.review());
            return ScoringStage.send(score, null, score.runId(), score.itemId());
        });
    }
}
