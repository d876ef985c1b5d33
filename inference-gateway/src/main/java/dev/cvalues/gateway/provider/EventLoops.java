package dev.cvalues.gateway.provider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Spreads model calls over all Vert.x event loops. Prompts arrive on the Kafka consumer's single context;
 * an HTTP call started there would keep every connection, and every response, on one event loop, so the
 * whole gateway would run on one core. Each call is started on the next event loop in turn instead.
 */
@ApplicationScoped
public class EventLoops {

    private final List<Context> contexts = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public EventLoops(Vertx vertx) {
        int loops = Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
        // getOrCreateContext from a non-Vert.x thread gives a new context on the next event loop
        Thread creator = new Thread(() -> {
            for (int i = 0; i < loops; i++) {
                contexts.add(vertx.getOrCreateContext());
            }
        }, "event-loop-contexts");
        creator.start();
        try {
            creator.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Subscribes to {@code call} on the next event loop; the result is delivered there. */
    public <T> Uni<T> spread(Supplier<Uni<T>> call) {
        Context context = contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            try {
                call.get().subscribe().with(emitter::complete, emitter::fail);
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        }));
    }
}
