package dev.cvalues.contracts.events;

/** Tokens as the provider counted them; absent when the provider does not say. */
public record TokenUsage(Integer promptTokens, Integer completionTokens) {
}
