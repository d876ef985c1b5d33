package dev.cvalues.gateway.inference;

import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's meters of one model (tags {@code provider} and {@code model}, never a run or an item), made
 * once and kept: looking meters up by name and tags on every call would cost more than counting.
 */
@ApplicationScoped
public class ModelMeters {

    /** The meters of one model. */
    public record Meters(Counter ok, Counter cached, Counter failed, Counter rateLimited, Counter promptTokens,
            Counter completionTokens, Timer latency) {

        public void tokens(TokenUsage usage) {
            if (usage != null && usage.promptTokens() != null) {
                promptTokens.increment(usage.promptTokens());
            }
            if (usage != null && usage.completionTokens() != null) {
                completionTokens.increment(usage.completionTokens());
            }
        }
    }

    private record Key(String provider, String model) {
    }

    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ModelMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public Meters of(ModelSpec model) {
        return meters.computeIfAbsent(new Key(model.provider(), Objects.toString(model.name(), "")), this::create);
    }

    private Meters create(Key key) {
        String[] tags = {"provider", key.provider(), "model", key.model()};
        return new Meters(requests(tags, "ok"), requests(tags, "cached"), requests(tags, "failed"),
                Counter.builder("cvalues.gateway.rate.limited").description("429 answers, by model").tags(tags)
                        .register(registry),
                tokens(tags, "prompt"), tokens(tags, "completion"),
                Timer.builder("cvalues.gateway.latency").description("Duration of successful model calls").tags(tags)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                        .maximumExpectedValue(Duration.ofMinutes(5)).register(registry));
    }

    private Counter requests(String[] tags, String outcome) {
        return Counter.builder("cvalues.gateway.requests").description("Items answered, from cache or failed, by model")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    private Counter tokens(String[] tags, String kind) {
        return Counter.builder("cvalues.gateway.tokens").description("Tokens reported by providers").tags(tags)
                .tag("kind", kind).register(registry);
    }
}
