package dev.cvalues.gateway.inference;

import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.gateway.connection.ConnectionRegistry;
import dev.cvalues.gateway.provider.ModelProvider;
import dev.cvalues.gateway.provider.ProviderException;
import dev.cvalues.gateway.provider.Target;
import dev.cvalues.platform.egress.Egress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides where a prompt's call goes, whatever the prompt says: a registered connection's endpoint (plus a path the
 * connection allows) with the connection's credential, or, where the operator allows ad-hoc endpoints, the prompt's
 * endpoint without any credential. Every URL passes the egress rules first. A prompt that carries a credential
 * reference of its own is refused.
 */
@ApplicationScoped
public class Targets {

    /** Looks again for a connection this instance has not read yet (registered a moment ago): about 10 s in all. */
    static final int UNKNOWN_CONNECTION_RETRIES = 14;

    private final ConnectionRegistry connections;
    private final Egress egress;

    public Targets(ConnectionRegistry connections, Egress egress) {
        this.connections = connections;
        this.egress = egress;
    }

    public Uni<Target> of(ModelSpec model, ModelProvider provider) {
        if (model.apiKeyRef() != null) {
            return refused("credential_in_request", "model.apiKeyRef is not honoured: credentials come only from "
                    + "registered connections (PUT /api/connections/{name}, then model.connection)");
        }
        if (!provider.remote()) {
            return Uni.createFrom().item(Target.NONE);
        }
        if (model.connection() != null) {
            return registered(model.connection()).flatMap(r -> onConnection(model, r));
        }
        if (!egress.adHocEndpoints()) {
            return refused("endpoint_not_allowed", "ad-hoc endpoints are off (cvalues.egress.ad-hoc-endpoints): name a "
                    + "registered connection in model.connection");
        }
        String url = model.endpoint() == null ? null : model.endpoint().replaceAll("/+$", "");
        return checked(url, new Target(url, null));
    }

    private Uni<ConnectionRegistry.Registered> registered(String name) {
        Optional<ConnectionRegistry.Registered> known = connections.find(name);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        return Uni.createFrom().item(() -> connections.find(name).orElseThrow(NotYet::new))
                .onFailure(NotYet.class).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .atMost(UNKNOWN_CONNECTION_RETRIES)
                .onFailure(NotYet.class).transform(e -> ProviderException.permanent("unknown_connection",
                        "no connection '" + name + "' is registered (GET /api/connections lists them)"));
    }

    private Uni<Target> onConnection(ModelSpec model, ConnectionRegistry.Registered registered) {
        ConnectionEvent c = registered.connection();
        if (model.endpoint() != null) {
            return refused("endpoint_not_allowed", "a model on connection " + c.name() + " cannot name its own endpoint;"
                    + " model.path may add one of the connection's paths " + c.pathsOrNone());
        }
        if (!c.allows(model.path())) {
            return refused("endpoint_not_allowed", "connection " + c.name() + " does not allow the path " + model.path()
                    + " (allowed: " + c.pathsOrNone() + ")");
        }
        if (!c.provider().equals(model.provider())) {
            return refused("configuration", "connection " + c.name() + " is for provider " + c.provider()
                    + ", the model says " + model.provider());
        }
        if (registered.problem() != null) {
            return refused("credential_unavailable", "connection " + c.name() + ": credential " + registered.problem());
        }
        String url = c.endpoint().replaceAll("/+$", "") + (model.path() == null ? "" : model.path());
        return checked(url, new Target(url, registered.credential()));
    }

    /** The target once its URL passed the egress rules; resolving a host name happens off the event loop. */
    private Uni<Target> checked(String url, Target target) {
        if (url == null) {
            return Uni.createFrom().item(target);
        }
        Uni<Optional<String>> problem = egress.isResolved(url) ? Uni.createFrom().item(egress.check(url))
                : Uni.createFrom().item(() -> egress.check(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return problem.map(p -> {
            if (p.isPresent()) {
                throw ProviderException.permanent("endpoint_not_allowed", "endpoint refused: " + p.get());
            }
            return target;
        });
    }

    private static <T> Uni<T> refused(String reason, String message) {
        return Uni.createFrom().failure(ProviderException.permanent(reason, message));
    }

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
