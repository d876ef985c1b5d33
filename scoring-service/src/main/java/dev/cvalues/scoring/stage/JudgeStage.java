package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.ResponseRouting;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.GenerationParams;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.Judging;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.scoring.scorer.Verdict;
import dev.cvalues.scoring.scorer.judge.JudgeScorer;
import dev.cvalues.platform.kafka.RoutingHeaders;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The two halves of a judge scorer. {@link #ask}: cvalues.responses → a judge prompt on
 * cvalues.judge.prompts (the run's judge model, the judged item, the scorer's prompt about question and
 * answer), or at once a {@code no_judge} score when the run has no judge. {@link #verdicts}:
 * cvalues.judge.responses → the scorer's verdict on cvalues.scores ({@code judge_failed} when the judge's
 * call failed, {@code unparsed} when its answer cannot be read), carrying what the judge's call cost. Each half takes
 * its input a batch at a time ({@link RecordBatches}).
 */
@ApplicationScoped
public class JudgeStage {

    private final ScoreMeters meters;
    private final ScoringStage responses;

    public JudgeStage(ScoreMeters meters, ScoringStage responses) {
        this.meters = meters;
        this.responses = responses;
    }

    private void count(JudgeScorer judge, String label) {
        meters.scored(judge.id(), label);
    }

    public Multi<Message<String>> ask(JudgeScorer judge, Multi<Message<List<String>>> responses) {
        return RecordBatches.process("judge " + judge.id(), responses, record -> ask(judge, record));
    }

    private RecordBatches.Send ask(JudgeScorer judge, KafkaRecord<String, String> record) {
        ResponseEvent response = responses.responseFor(judge, record);
        if (response == null) {
            return null;
        }
        Verdict direct = judge.withoutJudge(response);
        if (direct != null) {
            ScoreEvent score = new ScoreEvent(response.runId(), response.itemId(), response.item(), judge.id(),
                    judge.version(), direct.label(), direct.metrics(), direct.rationale(), Instant.now());
            count(judge, direct.label());
            return ScoringStage.send(score, Topics.SCORES, response.runId(), response.itemId());
        }
        if (response.judge() == null) {
            ScoreEvent none = new ScoreEvent(response.runId(), response.itemId(), response.item(), judge.id(),
                    judge.version(), JudgeScorer.NO_JUDGE, List.of(), "the run names no judge model", Instant.now());
            count(judge, JudgeScorer.NO_JUDGE);
            return ScoringStage.send(none, Topics.SCORES, response.runId(), response.itemId());
        }
        // judges are asked for JSON, and OpenAI-compatible endpoints can enforce it (the run may say "text")
        ModelSpec judgeModel = response.judge().withParameters(response.judge().parametersOrDefaults()
                .withResponseFormatDefault(GenerationParams.JSON_OBJECT));
        PromptEvent ask = new PromptEvent(Event.SCHEMA_VERSION, response.runId(), response.itemId(),
                judgeModel, response.item(), judge.judgePrompt(response.item(), question(response),
                        response.text()), Instant.now(), null, null, new Judging(judge.id(), judge.version()));
        return ScoringStage.send(ask, Topics.JUDGE_PROMPTS, response.runId(), response.itemId());
    }

    public Multi<Message<String>> verdicts(JudgeScorer judge, Multi<Message<List<String>>> judgeResponses) {
        return RecordBatches.process("judge " + judge.id(), judgeResponses, record -> verdict(judge, record));
    }

    private RecordBatches.Send verdict(JudgeScorer judge, KafkaRecord<String, String> record) {
        ResponseRouting routing = RoutingHeaders.read(record.getHeaders());
        if (routing != null && !judge.id().equals(routing.judgingScorer())) {
            return null;
        }
        ResponseEvent answer = EventCodec.decode(record.getPayload(), ResponseEvent.class);
        Judging judging = answer.judging();
        if (judging == null || !judge.id().equals(judging.scorerId())) {
            return null;
        }
        Verdict verdict = answer.outcome() == ResponseEvent.Outcome.OK
                ? judge.read(answer.item(), question(answer.messages()), answer.text()).verdict()
                : new Verdict(JudgeScorer.JUDGE_FAILED, List.of(), "the judge's call failed: "
                        + answer.failure().reason() + " " + answer.failure().message());
        ScoreEvent score = new ScoreEvent(Event.SCHEMA_VERSION, answer.runId(), answer.itemId(), answer.item(),
                judge.id(), judging.scorerVersion(), verdict.label(), verdict.metrics(), verdict.rationale(),
                Instant.now(), null, null, answer.cost());
        count(judge, verdict.label());
        return ScoringStage.send(score, Topics.SCORES, answer.runId(), answer.itemId());
    }

    /** The user's last message: what was asked. */
    private static String question(ResponseEvent response) {
        return question(response.messages());
    }

    private static String question(List<ChatMessage> messages) {
        if (messages == null) {
            return "";
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
