package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import dev.cvalues.contracts.InvalidEventException;
import java.time.Instant;
import java.util.List;

/**
 * One item of a run to be answered by the model, on {@code cvalues.prompts}, keyed {@code runId:itemId}.
 *
 * @param cache whether the gateway may answer from its response cache (absent: yes)
 */
public record PromptEvent(int schemaVersion, String runId, String itemId, ModelSpec model, ItemInfo item,
        List<ChatMessage> messages, Instant publishedAt, Boolean cache) implements Event {

    public PromptEvent(String runId, String itemId, ModelSpec model, ItemInfo item, List<ChatMessage> messages,
            Instant publishedAt) {
        this(SCHEMA_VERSION, runId, itemId, model, item, messages, publishedAt, null);
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
