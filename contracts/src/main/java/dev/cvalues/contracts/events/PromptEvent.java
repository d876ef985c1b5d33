package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.InvalidEventException;
import java.time.Instant;
import java.util.List;

/**
 * One item of a run to be answered by the model, on {@code cvalues.prompts}, keyed {@code runId:itemId}.
 *
 * @param cache   whether the gateway may answer from its response cache (absent: yes)
 * @param judge   the run's judge model, carried to the judge scorers with the response (absent: none)
 * @param judging set on a judge's call about item {@code itemId}; the item is the judged one
 */
public record PromptEvent(int schemaVersion, String runId, String itemId, ModelSpec model, ItemInfo item,
        List<ChatMessage> messages, Instant publishedAt, Boolean cache, ModelSpec judge, Judging judging)
        implements Event {

    public PromptEvent(String runId, String itemId, ModelSpec model, ItemInfo item, List<ChatMessage> messages,
            Instant publishedAt) {
        this(SCHEMA_VERSION, runId, itemId, model, item, messages, publishedAt, null, null, null);
    }

    public PromptEvent(int schemaVersion, String runId, String itemId, ModelSpec model, ItemInfo item,
            List<ChatMessage> messages, Instant publishedAt, Boolean cache) {
        this(schemaVersion, runId, itemId, model, item, messages, publishedAt, cache, null, null);
    }

    public boolean mayUseCache() {
        return cache == null || cache;
    }

    @Override
    public void validate() {
        ItemInfo.requireItemEvent(runId, itemId, item);
        require(model, "model");
        model.validate("model");
        require(messages, "messages");
        if (messages.isEmpty()) {
            throw new InvalidEventException("field 'messages' must not be empty");
        }
        for (int i = 0; i < messages.size(); i++) {
            require(messages.get(i), "messages[" + i + "]");
            require(messages.get(i).role(), "messages[" + i + "].role");
            require(messages.get(i).content(), "messages[" + i + "].content");
        }
    }
}
