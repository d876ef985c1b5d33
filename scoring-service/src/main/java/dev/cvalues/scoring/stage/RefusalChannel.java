package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.refusal.RefusalScorer;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** The refusal scorer's own channel, consumer group {@code scorer-refusal} (see application.properties). */
@ApplicationScoped
public class RefusalChannel {

    private final ScoringStage stage;
    private final RefusalScorer scorer;

    public RefusalChannel(ScoringStage stage, RefusalScorer scorer) {
        this.stage = stage;
        this.scorer = scorer;
    }

    @Incoming("refusal-responses")
    @Outgoing("refusal-scores")
    public Multi<Message<String>> score(Multi<Message<List<String>>> responses) {
        return stage.score(scorer, responses);
    }
}
