package dev.cvalues.gateway.limit;

import dev.cvalues.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many calls one model (provider, endpoint, model, key) may have in flight and start per minute, and
 * whether its endpoint is healthy enough to be called at all. Waiting calls queue without a thread.
 * <ul>
 * <li>concurrency: an adaptive limit between 1 and the model's maximum, halved on every 429 and grown by
 * about one per round of successful calls;</li>
 * <li>rate: requests per minute as a token bucket; tokens per minute charged after each call with what the
 * provider reported, so an overdrawn budget delays the next calls;</li>
 * <li>circuit breaker: after {@code failures} failed calls in a row the circuit opens and calls fail at once
 * (retryable, with the time left as Retry-After) until one probe call succeeds.</li>
 * </ul>
 */
public final class ModelGate {

    /** How a call ended, for the gate. */
    public enum Outcome {
        OK, RATE_LIMITED, FAILED, OTHER
    }

    private final int maxConcurrency;
    private final Integer requestsPerMinute;
    private final Integer tokensPerMinute;
    private final int breakerFailures;
    private final Duration breakerOpenFor;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;

    private final ArrayDeque<UniEmitter<? super ModelGate>> waiting = new ArrayDeque<>();
    private double limit;
    private int inFlight;
    private double requestBudget;
    private double tokenBudget;
    private long refilledAt;
    private int consecutiveFailures;
    private long openUntil;
    private boolean probing;
    private boolean drainScheduled;

    public ModelGate(int maxConcurrency, Integer requestsPerMinute, Integer tokensPerMinute, int breakerFailures,
            Duration breakerOpenFor, ScheduledExecutorService timer, LongSupplier clock) {
        this.maxConcurrency = Math.max(1, maxConcurrency);
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.breakerFailures = breakerFailures;
        this.breakerOpenFor = breakerOpenFor;
        this.timer = timer;
        this.clock = clock;
        this.limit = this.maxConcurrency;
        this.requestBudget = requestsPerMinute == null ? 0 : Math.max(1, requestsPerMinute / 60.0);
        this.tokenBudget = tokensPerMinute == null ? 0 : tokensPerMinute / 60.0;
        this.refilledAt = clock.getAsLong();
    }

    /** Completes when a call may start (then {@link #release} must follow), or fails with {@code circuit_open}. */
    public Uni<ModelGate> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            ProviderException refused;
            synchronized (this) {
                refused = circuitRefusal();
                if (refused == null) {
                    waiting.add(emitter);
                }
            }
            if (refused != null) {
                emitter.fail(refused);
            } else {
                drain();
            }
        });
    }

    /** Ends a call: frees its slot, adapts the limit, charges its tokens, updates the circuit. */
    public void release(Outcome outcome, int tokens) {
        synchronized (this) {
            inFlight--;
            switch (outcome) {
                case RATE_LIMITED -> limit = Math.max(1, limit / 2);
                case OK -> {
                    limit = Math.min(maxConcurrency, limit + 1 / limit);
                    consecutiveFailures = 0;
                    openUntil = 0;
                }
                case FAILED -> {
                    consecutiveFailures++;
                    if (consecutiveFailures >= breakerFailures) {
                        openUntil = clock.getAsLong() + breakerOpenFor.toNanos();
                    }
                }
                default -> {
                }
            }
            if (probing && outcome != Outcome.OTHER) {
                probing = false;
            }
            if (tokensPerMinute != null) {
                tokenBudget -= tokens;
            }
        }
        drain();
    }

    public synchronized int limit() {
        return (int) limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Grants waiting calls while there is room; schedules itself when only time can make room. */
    private void drain() {
        List<UniEmitter<? super ModelGate>> granted = new ArrayList<>();
        List<UniEmitter<? super ModelGate>> refused = new ArrayList<>();
        ProviderException refusal;
        long waitNanos = 0;
        synchronized (this) {
            refill();
            refusal = circuitRefusal();
            if (refusal != null) {
                refused.addAll(waiting);
                waiting.clear();
            } else {
                while (!waiting.isEmpty() && inFlight < Math.max(1, (int) limit)) {
                    if (requestsPerMinute != null && requestBudget < 1) {
                        waitNanos = (long) ((1 - requestBudget) * 60e9 / requestsPerMinute);
                        break;
                    }
                    if (tokensPerMinute != null && tokenBudget <= 0) {
                        waitNanos = (long) ((1 - tokenBudget) * 60e9 / tokensPerMinute);
                        break;
                    }
                    if (requestsPerMinute != null) {
                        requestBudget -= 1;
                    }
                    if (openUntil != 0) {
                        probing = true; // half-open: this call is the probe
                    }
                    inFlight++;
                    granted.add(waiting.poll());
                    if (probing) {
                        break;
                    }
                }
                if (waitNanos > 0 && !drainScheduled) {
                    drainScheduled = true;
                } else {
                    waitNanos = 0;
                }
            }
        }
        granted.forEach(e -> e.complete(this));
        refused.forEach(e -> e.fail(refusal));
        if (waitNanos > 0) {
            timer.schedule(() -> {
                synchronized (this) {
                    drainScheduled = false;
                }
                drain();
            }, Math.max(waitNanos, 1_000_000), TimeUnit.NANOSECONDS);
        }
    }

    /** The refusal of an open circuit (or of a half-open one whose probe is out), or null. */
    private ProviderException circuitRefusal() {
        if (openUntil == 0) {
            return null;
        }
        long now = clock.getAsLong();
        if (now < openUntil) {
            return circuitOpen(Duration.ofNanos(openUntil - now));
        }
        return probing ? circuitOpen(Duration.ofSeconds(1)) : null;
    }

    private ProviderException circuitOpen(Duration retryAfter) {
        return new ProviderException("circuit_open", "the endpoint failed " + consecutiveFailures
                + " calls in a row; not calling it for " + retryAfter.toMillis() + " ms", true, retryAfter);
    }

    private void refill() {
        long now = clock.getAsLong();
        double minutes = (now - refilledAt) / 60e9;
        refilledAt = now;
        if (requestsPerMinute != null) {
            requestBudget = Math.min(Math.max(1, requestsPerMinute / 60.0), requestBudget + minutes * requestsPerMinute);
        }
        if (tokensPerMinute != null) {
            tokenBudget = Math.min(tokensPerMinute / 60.0, tokenBudget + minutes * tokensPerMinute);
        }
    }
}
