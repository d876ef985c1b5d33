package dev.cvalues.gateway.inference;

import dev.cvalues.contracts.events.Cost;
import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.gateway.GatewayConfig;
import dev.cvalues.gateway.cache.ResponseCache;
import dev.cvalues.gateway.limit.ModelGate;
import dev.cvalues.gateway.limit.ModelGates;
import dev.cvalues.gateway.provider.Completion;
import dev.cvalues.gateway.provider.ModelProvider;
import dev.cvalues.gateway.provider.ProviderException;
import dev.cvalues.gateway.provider.ProviderRegistry;
import dev.cvalues.gateway.provider.Target;
import dev.cvalues.gateway.connection.ConnectionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Gets one response event per prompt: from the response cache when the run allows it, else by calling the
 * provider through the model's gate (concurrency, rate limits, circuit breaker). Retries what may succeed on
 * another attempt (timeouts, connection errors, 429, 5xx, an open circuit) with exponential backoff and
 * jitter that honours Retry-After; what cannot succeed becomes an explicit failure. Never a fallback text.
 */
@ApplicationScoped
public class ModelCaller {

    private static final Logger LOG = Logger.getLogger(ModelCaller.class);

    private final ProviderRegistry providers;
    private final Targets targets;
    private final ConnectionRegistry connections;
    private final ModelGates gates;
    private final ResponseCache cache;
    private final GatewayConfig config;
    private final ModelMeters meters;
    private final AtomicInteger inFlight;

    public ModelCaller(ProviderRegistry providers, Targets targets, ConnectionRegistry connections, ModelGates gates,
            ResponseCache cache, GatewayConfig config, ModelMeters meters, MeterRegistry registry) {
        this.providers = providers;
        this.targets = targets;
        this.connections = connections;
        this.gates = gates;
        this.cache = cache;
        this.config = config;
        this.meters = meters;
        this.inFlight = registry.gauge("cvalues.gateway.inflight", new AtomicInteger());
    }

    public Uni<ResponseEvent> respond(PromptEvent prompt) {
        ModelProvider provider = providers.find(prompt.model().provider()).orElse(null);
        if (provider == null) {
            return Uni.createFrom().item(failed(prompt, new Failure("unknown_provider", "no provider '"
                    + prompt.model().provider() + "'; known: " + providers.ids()), 0, 0));
        }
        return targets.of(prompt.model(), provider).flatMap(target -> {
            if (!provider.cacheable() || !cache.usable(prompt)) {
                return attempt(prompt, provider, target, null, 1, System.nanoTime());
            }
            String cacheKey = ResponseCache.key(prompt, target.baseUrl());
            return cache.find(cacheKey).flatMap(hit -> hit != null ? Uni.createFrom().item(cached(prompt, hit))
                    : attempt(prompt, provider, target, cacheKey, 1, System.nanoTime()));
        }).onFailure(ProviderException.class).recoverWithItem(e -> failed(prompt,
                new Failure(((ProviderException) e).reason(), e.getMessage()), 0, 0));
    }

    /** @param cacheKey where the answer is cached, or null when it is not */
    private Uni<ResponseEvent> attempt(PromptEvent prompt, ModelProvider provider, Target target, String cacheKey,
            int attempt, long firstStart) {
        ModelGate gate = gates.of(prompt.model());
        return gate.acquire().flatMap(permit -> {
            long start = System.nanoTime();
            inFlight.incrementAndGet();
            return Uni.createFrom().deferred(() -> provider.complete(prompt, target))
                    .onItemOrFailure().invoke((completion, error) -> {
                        inFlight.decrementAndGet();
                        permit.release(outcome(prompt, error), tokens(completion));
                    })
                    .map(completion -> ok(prompt, cacheKey, completion, attempt, start));
        }).onFailure().recoverWithUni(error -> {
            ProviderException e = error instanceof ProviderException pe ? pe
                    : new ProviderException("provider_error", error.toString(), false, null);
            if (e.retryable() && attempt < config.maxAttempts()) {
                Duration wait = backoff(attempt, e.retryAfter());
                LOG.debugf("%s %s attempt %d failed (%s), retrying in %d ms", prompt.runId(), prompt.itemId(),
                        attempt, e.reason(), wait.toMillis());
                return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                        .onItem().transformToUni(x -> attempt(prompt, provider, target, cacheKey, attempt + 1, firstStart));
            }
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstStart);
            String message = e.getMessage() + (attempt > 1 ? " (after " + attempt + " attempts)" : "");
            return Uni.createFrom().item(failed(prompt, new Failure(e.reason(), message), latencyMs, attempt));
        });
    }

    Duration backoff(int attempt, Duration retryAfter) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        long wait = retryAfter != null ? Math.max(retryAfter.toMillis(), jittered) : jittered;
        return Duration.ofMillis(Math.min(wait, config.maxBackoff().toMillis()));
    }

    private ModelGate.Outcome outcome(PromptEvent prompt, Throwable error) {
        if (error == null) {
            return ModelGate.Outcome.OK;
        }
        String reason = error instanceof ProviderException pe ? pe.reason() : "";
        return switch (reason) {
            case "http_429" -> {
                meters.of(prompt.model()).rateLimited().increment();
                yield ModelGate.Outcome.RATE_LIMITED;
            }
            case "http_5xx", "timeout", "connection" -> ModelGate.Outcome.FAILED;
            default -> ModelGate.Outcome.OTHER;
        };
    }

    private static int tokens(Completion completion) {
        return completion == null || completion.usage() == null ? 0 : completion.usage().total();
    }

    private ResponseEvent ok(PromptEvent prompt, String cacheKey, Completion c, int attempts, long start) {
        long nanos = System.nanoTime() - start;
        ModelMeters.Meters m = meters.of(prompt.model());
        m.latency().record(nanos, TimeUnit.NANOSECONDS);
        m.ok().increment();
        m.tokens(c.usage());
        if (cacheKey != null) {
            cache.store(cacheKey, prompt, c);
        }
        Cost cost = prompt.model().price() == null ? null : prompt.model().price().of(c.usage());
        return ResponseEvent.ok(prompt, c.text(), c.finishReason(), c.usage(), TimeUnit.NANOSECONDS.toMillis(nanos),
                attempts, c.providerRequestId(), false, cost, Instant.now());
    }

    private ResponseEvent cached(PromptEvent prompt, Completion c) {
        meters.of(prompt.model()).cached().increment();
        Cost cost = prompt.model().price() == null ? null : new Cost(0, prompt.model().price().currency());
        return ResponseEvent.ok(prompt, c.text(), c.finishReason(), c.usage(), 0, 0, c.providerRequestId(), true, cost,
                Instant.now());
    }

    /** Every failure leaves through here, its message without any credential this process holds. */
    private ResponseEvent failed(PromptEvent prompt, Failure failure, long latencyMs, int attempts) {
        meters.of(prompt.model()).failed().increment();
        return ResponseEvent.failed(prompt, new Failure(failure.reason(), connections.redact(failure.message())),
                latencyMs, attempts, Instant.now());
    }

}
