package dev.cvalues.scoring.stage;

import dev.cvalues.scoring.scorer.judge.McJudged;
import dev.cvalues.scoring.scorer.judge.ReferenceJudge;
import dev.cvalues.scoring.scorer.judge.ResponsibilityJudge;
import dev.cvalues.scoring.scorer.judge.SafetyJudge;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * The judges' channels, two per judge: {@code <id>-responses} → {@code <id>-asks} in consumer group
 * {@code scorer-<id>}, and {@code <id>-verdicts} → {@code <id>-scores} in {@code scorer-<id>-verdicts}
 * (application.properties). Channel names are fixed at build time, hence one pair of methods per judge.
 */
@ApplicationScoped
public class JudgeChannels {

    private final JudgeStage stage;
    private final SafetyJudge safety;
    private final ResponsibilityJudge responsibility;
    private final ReferenceJudge reference;
    private final McJudged mcJudged;

    public JudgeChannels(JudgeStage stage, SafetyJudge safety, ResponsibilityJudge responsibility,
            ReferenceJudge reference, McJudged mcJudged) {
        this.stage = stage;
        this.safety = safety;
        this.responsibility = responsibility;
        this.reference = reference;
        this.mcJudged = mcJudged;
    }

    @Incoming("safety-judge-responses")
    @Outgoing("safety-judge-asks")
    public Multi<Message<String>> askSafety(Multi<Message<List<String>>> responses) {
        return stage.ask(safety, responses);
    }

    @Incoming("safety-judge-verdicts")
    @Outgoing("safety-judge-scores")
    public Multi<Message<String>> safetyVerdicts(Multi<Message<List<String>>> answers) {
        return stage.verdicts(safety, answers);
    }

    @Incoming("responsibility-judge-responses")
    @Outgoing("responsibility-judge-asks")
    public Multi<Message<String>> askResponsibility(Multi<Message<List<String>>> responses) {
        return stage.ask(responsibility, responses);
    }

    @Incoming("responsibility-judge-verdicts")
    @Outgoing("responsibility-judge-scores")
    public Multi<Message<String>> responsibilityVerdicts(Multi<Message<List<String>>> answers) {
        return stage.verdicts(responsibility, answers);
    }

    @Incoming("reference-judge-responses")
    @Outgoing("reference-judge-asks")
    public Multi<Message<String>> askReference(Multi<Message<List<String>>> responses) {
        return stage.ask(reference, responses);
    }

    @Incoming("reference-judge-verdicts")
    @Outgoing("reference-judge-scores")
    public Multi<Message<String>> referenceVerdicts(Multi<Message<List<String>>> answers) {
        return stage.verdicts(reference, answers);
    }

    @Incoming("mc-judged-responses")
    @Outgoing("mc-judged-asks")
    public Multi<Message<String>> askMcJudged(Multi<Message<List<String>>> responses) {
        return stage.ask(mcJudged, responses);
    }

    @Incoming("mc-judged-verdicts")
    @Outgoing("mc-judged-scores")
    public Multi<Message<String>> mcJudgedVerdicts(Multi<Message<List<String>>> answers) {
        return stage.verdicts(mcJudged, answers);
    }
}
