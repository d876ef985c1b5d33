package dev.cvalues.gateway.limit;

import dev.cvalues.contracts.events.ModelLimits;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.gateway.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One {@link ModelGate} per model and key (provider, connection or endpoint, model name, limits), made
 * on first use. Each exposes its current concurrency limit as a gauge.
 */
@ApplicationScoped
public class ModelGates {

    private record Key(String provider, String location, String model, ModelLimits limits) {
    }

    private final Map<Key, ModelGate> gates = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-gates");
        t.setDaemon(true);
        return t;
    });

    public ModelGates(GatewayConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    public ModelGate of(ModelSpec model) {
        Key key = new Key(model.provider(), model.location(), model.name(), model.limits());
        return gates.computeIfAbsent(key, k -> {
            ModelLimits limits = model.limits();
            int max = limits != null && limits.maxConcurrency() != null ? limits.maxConcurrency()
                    : config.defaultModelConcurrency();
            ModelGate gate = new ModelGate(max, limits == null ? null : limits.requestsPerMinute(),
                    limits == null ? null : limits.tokensPerMinute(), config.breakerFailures(), config.breakerOpenFor(),
                    timer, System::nanoTime);
            Gauge.builder("cvalues.gateway.concurrency.limit", gate, ModelGate::limit)
                    .description("Current adaptive concurrency limit per model")
                    .tags("provider", model.provider(), "model", Objects.toString(model.name(), "")).register(registry);
            return gate;
        });
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
