package dev.cvalues.scoring.stage;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.InvalidEventException;
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
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The two halves of a judge scorer. {@link #ask}: cvalues.responses → a judge prompt on
 * cvalues.judge.prompts (the run's judge model, the judged item, the scorer's prompt about question and
 * answer), or at once a {@code no_judge} score when the run has no judge. {@link #verdicts}:
 * cvalues.judge.responses → the scorer's verdict on cvalues.scores ({@code judge_failed} when the judge's
 * call failed, {@code unparsed} when its answer cannot be read), carrying what the judge's call cost. Each half acknowledges its input only once
 * its output is written.
 */
@ApplicationScoped
public class JudgeStage {

    private final ScoreMeters meters;

    public JudgeStage(ScoreMeters meters) {
        this.meters = meters;
    }

    private void count(JudgeScorer judge, String label) {
        meters.scored(judge.id(), label);
    }

    public Multi<Message<String>> ask(JudgeScorer judge, Multi<Message<String>> responses) {
        return responses.onItem().transformToMultiAndConcatenate(message -> guarded(judge, message, () -> {
            if (!ScoringStage.forScorer(judge, message)) {
                meters.skipped(judge.id());
                return ack(message);
            }
            ResponseEvent response;
            try {
                response = EventCodec.decode(message.getPayload(), ResponseEvent.class);
            } catch (InvalidEventException e) {
                return nack(message, e);
            }
            if (!ScoringStage.forScorer(judge, ResponseRouting.of(response))) {
                meters.skipped(judge.id());
                return ack(message);
            }
            Verdict direct = judge.withoutJudge(response);
            if (direct != null) {
                ScoreEvent score = new ScoreEvent(response.runId(), response.itemId(), response.item(), judge.id(),
                        judge.version(), direct.label(), direct.metrics(), direct.rationale(), Instant.now());
                count(judge, direct.label());
                return send(message, score, Topics.SCORES, response.runId(), response.itemId());
            }
            if (response.judge() == null) {
                ScoreEvent none = new ScoreEvent(response.runId(), response.itemId(), response.item(), judge.id(),
                        judge.version(), JudgeScorer.NO_JUDGE, List.of(), "the run names no judge model", Instant.now());
                count(judge, JudgeScorer.NO_JUDGE);
                return send(message, none, Topics.SCORES, response.runId(), response.itemId());
            }
            // judges are asked for JSON, and OpenAI-compatible endpoints can enforce it (the run may say "text")
            ModelSpec judgeModel = response.judge().withParameters(response.judge().parametersOrDefaults()
                    .withResponseFormatDefault(GenerationParams.JSON_OBJECT));
            PromptEvent ask = new PromptEvent(Event.SCHEMA_VERSION, response.runId(), response.itemId(),
                    judgeModel, response.item(), judge.judgePrompt(response.item(), question(response),
                            response.text()), Instant.now(), null, null, new Judging(judge.id(), judge.version()));
            return send(message, ask, Topics.JUDGE_PROMPTS, response.runId(), response.itemId());
        }));
    }

    public Multi<Message<String>> verdicts(JudgeScorer judge, Multi<Message<String>> judgeResponses) {
        return judgeResponses.onItem().transformToMultiAndConcatenate(message -> guarded(judge, message, () -> {
            ResponseRouting routing = ScoringStage.routing(message);
            if (routing != null && !judge.id().equals(routing.judgingScorer())) {
                return ack(message);
            }
            ResponseEvent answer;
            try {
                answer = EventCodec.decode(message.getPayload(), ResponseEvent.class);
            } catch (InvalidEventException e) {
                return nack(message, e);
            }
            Judging judging = answer.judging();
            if (judging == null || !judge.id().equals(judging.scorerId())) {
                return ack(message);
            }
            Verdict verdict = answer.outcome() == ResponseEvent.Outcome.OK
                    ? judge.read(answer.item(), question(answer.messages()), answer.text()).verdict()
                    : new Verdict(JudgeScorer.JUDGE_FAILED, List.of(), "the judge's call failed: "
                            + answer.failure().reason() + " " + answer.failure().message());
            ScoreEvent score = new ScoreEvent(Event.SCHEMA_VERSION, answer.runId(), answer.itemId(), answer.item(),
                    judge.id(), judging.scorerVersion(), verdict.label(), verdict.metrics(), verdict.rationale(),
                    Instant.now(), null, null, answer.cost());
            count(judge, verdict.label());
            return send(message, score, Topics.SCORES, answer.runId(), answer.itemId());
        }));
    }

    /** A judge that fails on one message dead-letters it, and its channel goes on. */
    private static Multi<Message<String>> guarded(JudgeScorer judge, Message<String> message,
            java.util.function.Supplier<Multi<Message<String>>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return nack(message, new IllegalStateException("judge " + judge.id() + " failed: " + e, e));
        }
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

    private static Multi<Message<String>> send(Message<String> in, Event event, String topic, String runId,
            String itemId) {
        return Multi.createFrom().item(Message.of(EventCodec.encode(event),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic)
                        .withKey(Topics.itemKey(runId, itemId)).build()),
                () -> in.ack(), (Throwable reason) -> in.nack(reason)));
    }

    private static Multi<Message<String>> ack(Message<String> message) {
        return Multi.createFrom().completionStage(() -> message.ack().thenApply(x -> (Message<String>) null));
    }

    private static Multi<Message<String>> nack(Message<String> message, Throwable reason) {
        return Multi.createFrom().completionStage(() -> message.nack(reason).thenApply(x -> (Message<String>) null));
    }
}
