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

    /** Per kind, the lower of the two limits (a run may be stricter than its connection, never looser); either may be null. */
    public static ModelLimits stricter(ModelLimits a, ModelLimits b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new ModelLimits(min(a.maxConcurrency, b.maxConcurrency), min(a.requestsPerMinute, b.requestsPerMinute),
                min(a.tokensPerMinute, b.tokensPerMinute));
    }

    private static Integer min(Integer x, Integer y) {
        return x == null ? y : y == null ? x : Integer.valueOf(Math.min(x, y));
    }
}
