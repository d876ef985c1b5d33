package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.judge.ResponsibilityJudge;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** responsibility-judge's channels: groups {@code scorer-responsibility-judge} and {@code scorer-responsibility-judge-verdicts}. */
@ApplicationScoped
public class ResponsibilityJudgeChannels {

    private final JudgeStage stage;
    private final ResponsibilityJudge judge;

    public ResponsibilityJudgeChannels(JudgeStage stage, ResponsibilityJudge judge) {
        this.stage = stage;
        this.judge = judge;
    }

    @Incoming("responsibility-judge-responses")
    @Outgoing("responsibility-judge-asks")
    public Multi<Message<String>> ask(Multi<Message<String>> responses) {
        return stage.ask(judge, responses);
    }

    @Incoming("responsibility-judge-verdicts")
    @Outgoing("responsibility-judge-scores")
    public Multi<Message<String>> verdicts(Multi<Message<String>> answers) {
        return stage.verdicts(judge, answers);
    }
}
