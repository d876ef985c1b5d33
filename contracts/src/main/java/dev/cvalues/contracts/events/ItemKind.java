package dev.cvalues.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an item is asked and answered. */
public enum ItemKind {
    /** A prompt the model answers freely; judged by scorers such as a safety judge. */
    @JsonProperty("open")
    OPEN,
    /** A question with candidate replies; the answer is one of {@link ItemInfo#choices()}. */
    @JsonProperty("multiple_choice")
    MULTIPLE_CHOICE;

    /** The name used in JSON and in stored documents. */
    public String wireName() {
        return this == OPEN ? "open" : "multiple_choice";
    }
}
