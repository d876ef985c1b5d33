package dev.cvalues.contracts.events;

/**
 * Generation parameters passed to the model; {@code null} means the provider's default.
 *
 * @param seed for baselines, the seed of their reproducible choices; for models, sent when supported
 */
public record GenerationParams(Double temperature, Double topP, Integer maxTokens, Long seed, String systemPrompt) {
}
