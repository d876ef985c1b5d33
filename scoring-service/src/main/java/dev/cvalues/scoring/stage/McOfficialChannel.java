package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.mc.McOfficialScorer;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** The mc-official scorer's own channel, consumer group {@code scorer-mc-official} (see application.properties). */
@ApplicationScoped
public class McOfficialChannel {

    private final ScoringStage stage;
    private final McOfficialScorer scorer;

    public McOfficialChannel(ScoringStage stage, McOfficialScorer scorer) {
        this.stage = stage;
        this.scorer = scorer;
    }

    @Incoming("mc-official-responses")
    @Outgoing("mc-official-scores")
    public Multi<Message<String>> score(Multi<Message<List<String>>> responses) {
        return stage.score(scorer, responses);
    }
}
