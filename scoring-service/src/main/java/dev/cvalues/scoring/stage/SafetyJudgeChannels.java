package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.judge.SafetyJudge;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** safety-judge's channels: groups {@code scorer-safety-judge} and {@code scorer-safety-judge-verdicts}. */
@ApplicationScoped
public class SafetyJudgeChannels {

    private final JudgeStage stage;
    private final SafetyJudge judge;

    public SafetyJudgeChannels(JudgeStage stage, SafetyJudge judge) {
        this.stage = stage;
        this.judge = judge;
    }

    @Incoming("safety-judge-responses")
    @Outgoing("safety-judge-asks")
    public Multi<Message<String>> ask(Multi<Message<String>> responses) {
        return stage.ask(judge, responses);
    }

    @Incoming("safety-judge-verdicts")
    @Outgoing("safety-judge-scores")
    public Multi<Message<String>> verdicts(Multi<Message<String>> answers) {
        return stage.verdicts(judge, answers);
    }
}
