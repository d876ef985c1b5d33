package dev.cvalues.contracts.events;

/** Tokens as the provider counted them; absent when the provider does not say. */
public record TokenUsage(Integer promptTokens, Integer completionTokens) {

    /** Prompt and completion tokens together, an absent count as 0. */
    public int total() {
        return (promptTokens == null ? 0 : promptTokens) + (completionTokens == null ? 0 : completionTokens);
    }
}
