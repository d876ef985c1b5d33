package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.letter.LetterScorer;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** The mc-letter scorer's own channel, consumer group {@code scorer-mc-letter} (see application.properties). */
@ApplicationScoped
public class McLetterChannel {

    private final ScoringStage stage;
    private final LetterScorer scorer;

    public McLetterChannel(ScoringStage stage, LetterScorer scorer) {
        this.stage = stage;
        this.scorer = scorer;
    }

    @Incoming("mc-letter-responses")
    @Outgoing("mc-letter-scores")
    public Multi<Message<String>> score(Multi<Message<List<String>>> responses) {
        return stage.score(scorer, responses);
    }
}
