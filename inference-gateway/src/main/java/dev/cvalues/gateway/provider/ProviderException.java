package dev.cvalues.gateway.provider;

import java.time.Duration;

/**
 * A failed model call. {@code reason} is the stable code carried by the failure event; {@code retryable}
 * says whether another attempt may succeed; {@code retryAfter} is the provider's own wait, when it gave one.
 * Messages never contain the API key.
 */
public class ProviderException extends RuntimeException {

    private final String reason;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(String reason, String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ProviderException permanent(String reason, String message) {
        return new ProviderException(reason, message, false, null);
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
