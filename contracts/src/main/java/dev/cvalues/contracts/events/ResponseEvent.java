package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;

/**
 * The model's answer to one prompt, or an explicit failure, on {@code cvalues.responses}, keyed
 * {@code runId:itemId}. A failure never carries text: no fallback answer is ever invented.
 *
 * @param latencyMs         wall time of the successful call (or of all attempts, for a failure)
 * @param attempts          calls made, retries included
 * @param providerRequestId request id the provider returned, when it returns one
 * @param cached            true when the answer came from the gateway's response cache (no call was made)
 * @param cost              what the call cost, when the model has a price (zero for a cached answer)
 * @param backfillFor       set when a stored response is published again for one scorer (a backfill): only
 *                          that scorer scores it; everything else is unchanged by it
 * @param judge             the run's judge model, copied from the prompt
 * @param judging           copied from a judge's prompt: this is the judge's answer about item {@code itemId}
 * @param messages          the messages the model answered: judges and people read the question with the answer
 */
public record ResponseEvent(int schemaVersion, String runId, String itemId, ItemInfo item, ModelRef model,
        Outcome outcome, String text, String finishReason, TokenUsage usage, long latencyMs, int attempts,
        Failure failure, String providerRequestId, Instant respondedAt, Boolean cached, Cost cost,
        String backfillFor, ModelSpec judge, Judging judging, List<ChatMessage> messages) implements Event {

    public enum Outcome {
        @JsonProperty("ok")
        OK,
        @JsonProperty("failed")
        FAILED
    }

    public static ResponseEvent ok(PromptEvent prompt, String text, String finishReason, TokenUsage usage,
            long latencyMs, int attempts, String providerRequestId, Instant at) {
        return ok(prompt, text, finishReason, usage, latencyMs, attempts, providerRequestId, false, null, at);
    }

    public static ResponseEvent ok(PromptEvent prompt, String text, String finishReason, TokenUsage usage,
            long latencyMs, int attempts, String providerRequestId, boolean cached, Cost cost, Instant at) {
        return new ResponseEvent(SCHEMA_VERSION, prompt.runId(), prompt.itemId(), prompt.item(),
                ModelRef.of(prompt.model()), Outcome.OK, text, finishReason, usage, latencyMs, attempts, null,
                providerRequestId, at, cached ? Boolean.TRUE : null, cost, null, prompt.judge(), prompt.judging(),
                prompt.messages());
    }

    public static ResponseEvent failed(PromptEvent prompt, Failure failure, long latencyMs, int attempts, Instant at) {
        return new ResponseEvent(SCHEMA_VERSION, prompt.runId(), prompt.itemId(), prompt.item(),
                ModelRef.of(prompt.model()), Outcome.FAILED, null, null, null, latencyMs, attempts, failure, null, at,
                null, null, null, prompt.judge(), prompt.judging(), prompt.messages());
    }

    /** This answer cut to {@code maxChars} characters, with finish reason {@code length}. */
    public ResponseEvent truncated(int maxChars) {
        return new ResponseEvent(schemaVersion, runId, itemId, item, model, outcome, text.substring(0, maxChars), "length",
                usage, latencyMs, attempts, failure, providerRequestId, respondedAt, cached, cost, backfillFor, judge,
                judging, messages);
    }

    /** This response without the messages the model answered (to keep an event small). */
    public ResponseEvent withoutMessages() {
        return new ResponseEvent(schemaVersion, runId, itemId, item, model, outcome, text, finishReason, usage, latencyMs,
                attempts, failure, providerRequestId, respondedAt, cached, cost, backfillFor, judge, judging, null);
    }

    /** This response, published again for one scorer only. */
    public ResponseEvent forBackfill(String scorerId) {
        return new ResponseEvent(schemaVersion, runId, itemId, item, model, outcome, text, finishReason, usage,
                latencyMs, attempts, failure, providerRequestId, respondedAt, cached, cost, scorerId, judge, judging,
                messages);
    }

    @Override
    public void validate() {
        ItemInfo.requireItemEvent(runId, itemId, item);
        require(model, "model");
        require(outcome, "outcome");
        require(respondedAt, "respondedAt");
        if (outcome == Outcome.OK) {
            require(text == null ? null : "present", "text");
        }
        if (outcome == Outcome.FAILED) {
            require(failure, "failure");
            require(failure.reason(), "failure.reason");
        }
    }
}
