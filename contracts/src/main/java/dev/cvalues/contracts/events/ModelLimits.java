package dev.cvalues.contracts.events;

/**
 * What the gateway may ask of one model; {@code null} means no limit of that kind. The gateway also adapts
 * concurrency below {@code maxConcurrency} when the model answers 429.
 *
 * @param maxConcurrency    calls in flight at once
 * @param requestsPerMinute calls started per minute
 * @param tokensPerMinute   prompt and completion tokens per minute (counted as the provider reports them)
 */
public record ModelLimits(Integer maxConcurrency, Integer requestsPerMinute, Integer tokensPerMinute) {
}
