package dev.cvalues.gateway;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Spreads model calls over all Vert.x event loops. Prompts arrive on the Kafka consumer's single context;
 * an HTTP call started there would keep every connection, and every response, on one event loop, so the
 * whole gateway would run on one core. Each call is started on the next event loop in turn instead.
 */
@ApplicationScoped
@Startup
public class EventLoops {

    private final List<Context> contexts;
    private final AtomicInteger next = new AtomicInteger();

    public EventLoops(Vertx vertx) {
        int loops = Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
        List<Context> created = Collections.synchronizedList(new ArrayList<>());
        // Vert.x binds the context it creates for a non-Vert.x thread to that thread, so each new context
        // (each on the next event loop) is created from a thread of its own
        for (int i = 0; i < loops; i++) {
            Thread creator = new Thread(() -> created.add(vertx.getOrCreateContext()), "event-loop-context-" + i);
            creator.start();
            try {
                creator.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        this.contexts = List.copyOf(created);
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
