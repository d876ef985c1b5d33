package dev.cvalues.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the inference gateway; each key can be overridden by its environment variable (CVALUES_GATEWAY_...). */
@ConfigMapping(prefix = "cvalues.gateway")
public interface GatewayConfig {

    /** Model calls in flight at once across all runs; each waits on I/O, not on a thread. */
    @WithDefault("256")
    int maxInFlight();

    /** Longest a single model call may take before it is abandoned and retried. */
    @WithDefault("PT120S")
    Duration requestTimeout();

    /** Calls per item, the first included, before the item becomes a failure event. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry; doubled on each further retry, with jitter. */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Longest wait between two attempts, a provider's Retry-After included. */
    @WithDefault("PT30S")
    Duration maxBackoff();

    /** HTTP connections per endpoint. */
    @WithDefault("256")
    int connectionsPerEndpoint();

    /** Calls in flight per model when its run sets no {@code limits.maxConcurrency}. */
    @WithDefault("256")
    int defaultModelConcurrency();

    /** Consecutive failed calls (5xx, timeouts, connection errors) that open an endpoint's circuit. */
    @WithDefault("5")
    int breakerFailures();

    /** How long an open circuit refuses calls before one probe is let through. */
    @WithDefault("PT5S")
    Duration breakerOpenFor();

    /**
     * Longest answer text kept, in characters: a longer one is cut there with finish reason {@code length}, so that
     * its event fits on the topic and the item still counts as answered.
     */
    @WithDefault("200000")
    int maxResponseChars();

    /**
     * Largest response event sent, in bytes of JSON (the producer's {@code max.request.size} is 1 MiB): an event that
     * is still larger (a prompt that long) becomes an explicit failure {@code response_too_large}, never a lost item.
     */
    @WithDefault("1000000")
    int maxEventBytes();

    /**
     * Largest HTTP response body read from a model, in bytes: beyond it the call stops and the item fails with
     * {@code response_too_large} (never retried), so that no answer can exhaust the gateway's memory.
     */
    @WithDefault("8388608")
    int maxResponseBodyBytes();

    /** Connections that can be registered at most. */
    @WithDefault("500")
    int maxConnections();

    /** Whether answers are cached in MongoDB (runs can still opt out one by one). */
    @WithDefault("true")
    boolean cache();
}
