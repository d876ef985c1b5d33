package dev.cvalues.contracts.events;

/**
 * Generation parameters passed to the model; {@code null} means the provider's default.
 *
 * @param seed           for baselines, the seed of their reproducible choices; for models, sent when supported
 * @param responseFormat {@code json_object}: ask the endpoint for JSON (OpenAI-compatible {@code response_format});
 *                       {@code text} or absent: no structured output. Judges' calls default to {@code json_object}.
 */
public record GenerationParams(Double temperature, Double topP, Integer maxTokens, Long seed, String systemPrompt,
        String responseFormat) {

    public static final String TEXT = "text";
    public static final String JSON_OBJECT = "json_object";

    public GenerationParams(Double temperature, Double topP, Integer maxTokens, Long seed, String systemPrompt) {
        this(temperature, topP, maxTokens, seed, systemPrompt, null);
    }

    /** These parameters with structured output, unless they say otherwise. */
    public GenerationParams withResponseFormatDefault(String format) {
        return responseFormat != null ? this : new GenerationParams(temperature, topP, maxTokens, seed, systemPrompt, format);
    }

    /**
     * Whether the same prompt gives the same answer again, so that a cached answer stands for a fresh one: greedy
     * decoding (temperature 0) or a fixed seed. A temperature the run leaves to the provider counts as sampled.
     */
    public boolean deterministic() {
        return (temperature != null && temperature == 0.0) || seed != null;
    }
}
