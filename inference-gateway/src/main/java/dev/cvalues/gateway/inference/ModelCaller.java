package dev.cvalues.gateway.inference;

import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.gateway.GatewayConfig;
import dev.cvalues.gateway.provider.Completion;
import dev.cvalues.gateway.provider.ModelProvider;
import dev.cvalues.gateway.provider.ProviderException;
import dev.cvalues.gateway.provider.ProviderRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Gets one response event per prompt: calls the provider, retries what may succeed on another attempt
 * (timeouts, connection errors, 429 and 5xx) with exponential backoff and jitter that honours Retry-After,
 * and turns what cannot succeed into an explicit failure. Never a fallback text.
 */
@ApplicationScoped
public class ModelCaller {

    private static final Logger LOG = Logger.getLogger(ModelCaller.class);

    private final ProviderRegistry providers;
    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight;

    public ModelCaller(ProviderRegistry providers, GatewayConfig config, MeterRegistry registry) {
        this.providers = providers;
        this.config = config;
        this.registry = registry;
        this.inFlight = registry.gauge("cvalues.gateway.inflight", new AtomicInteger());
    }

    public Uni<ResponseEvent> respond(PromptEvent prompt) {
        ModelProvider provider = providers.find(prompt.model().provider()).orElse(null);
        if (provider == null) {
            return Uni.createFrom().item(failed(prompt, new Failure("unknown_provider", "no provider '"
                    + prompt.model().provider() + "'; known: " + providers.ids()), 0, 0, Instant.now()));
        }
        return attempt(prompt, provider, 1, System.nanoTime());
    }

    private Uni<ResponseEvent> attempt(PromptEvent prompt, ModelProvider provider, int attempt, long firstStart) {
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> {
            inFlight.incrementAndGet();
            return provider.complete(prompt);
        }).onTermination().invoke(inFlight::decrementAndGet)
                .map(completion -> ok(prompt, completion, attempt, start))
                .onFailure().recoverWithUni(error -> {
                    ProviderException e = error instanceof ProviderException pe ? pe
                            : new ProviderException("provider_error", error.toString(), false, null);
                    if (e.retryable() && attempt < config.maxAttempts()) {
                        Duration wait = backoff(attempt, e.retryAfter());
                        LOG.debugf("%s %s attempt %d failed (%s), retrying in %d ms", prompt.runId(), prompt.itemId(),
                                attempt, e.reason(), wait.toMillis());
                        return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                                .onItem().transformToUni(x -> attempt(prompt, provider, attempt + 1, firstStart));
                    }
                    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstStart);
                    String message = e.getMessage() + (attempt > 1 ? " (after " + attempt + " attempts)" : "");
                    return Uni.createFrom().item(failed(prompt, new Failure(e.reason(), message), latencyMs, attempt,
                            Instant.now()));
                });
    }

    Duration backoff(int attempt, Duration retryAfter) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        long wait = retryAfter != null ? Math.max(retryAfter.toMillis(), jittered) : jittered;
        return Duration.ofMillis(Math.min(wait, config.maxBackoff().toMillis()));
    }

    private ResponseEvent ok(PromptEvent prompt, Completion c, int attempts, long start) {
        long nanos = System.nanoTime() - start;
        Timer.builder("cvalues.gateway.latency").description("Duration of successful model calls")
                .tags("provider", prompt.model().provider(), "model", prompt.model().name())
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        count(prompt, "ok");
        return ResponseEvent.ok(prompt, c.text(), c.finishReason(), c.usage(), TimeUnit.NANOSECONDS.toMillis(nanos),
                attempts, c.providerRequestId(), Instant.now());
    }

    private ResponseEvent failed(PromptEvent prompt, Failure failure, long latencyMs, int attempts, Instant at) {
        count(prompt, "failed");
        return ResponseEvent.failed(prompt, failure, latencyMs, attempts, at);
    }

    private void count(PromptEvent prompt, String outcome) {
        Counter.builder("cvalues.gateway.requests").description("Items answered or failed, by model and outcome")
                .tags("provider", prompt.model().provider(), "model", prompt.model().name(), "outcome", outcome)
                .register(registry).increment();
    }
}
