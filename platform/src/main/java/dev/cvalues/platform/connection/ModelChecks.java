package dev.cvalues.platform.connection;

import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.contracts.events.ModelLimits;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.Price;
import dev.cvalues.platform.egress.Egress;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every request naming a model (a run's model or judge, a backfill's judge) must satisfy: no credential of its
 * own; a registered connection, with at most a path the connection allows; or, where ad-hoc endpoints are on, an
 * endpoint the egress rules allow. The gateway enforces the same rules again on every call.
 */
public final class ModelChecks {

    /** A model that cannot be used as sent; {@code field} is its JSON path in the request. */
    public static final class Invalid extends RuntimeException {

        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private ModelChecks() {
    }

    /**
     * The model as runs carry it: on a connection, with the connection's provider, the stricter of both limits and the
     * request's price or else the connection's; otherwise as sent, without a name falling back to the provider.
     */
    public static ModelSpec check(ModelSpec model, String field, Function<String, Optional<ConnectionEvent>> connections,
            Egress egress) {
        if (model == null) {
            throw new Invalid(field, field + " required: {\"connection\": ..., \"name\": ...}");
        }
        if (model.apiKeyRef() != null) {
            // never echo the value: it may be a key pasted by mistake
            throw new Invalid(field + ".apiKeyRef", "requests carry no credentials: an admin registers a connection"
                    + " (PUT /api/connections/{name} on the inference gateway) and the request names it in " + field
                    + ".connection");
        }
        limitsAndPrice(model.limits(), model.price(), field + ".");
        if (model.connection() != null) {
            return onConnection(model, field, connections);
        }
        if (model.provider() == null || model.provider().isBlank()) {
            throw new Invalid(field + ".provider",
                    "provider required, e.g. baseline:random, or a registered connection in " + field + ".connection");
        }
        if (model.path() != null) {
            throw new Invalid(field + ".path", "a path is added to a connection's endpoint: name the connection in "
                    + field + ".connection");
        }
        if (!model.provider().startsWith("baseline:")) {
            if (model.endpoint() == null) {
                throw new Invalid(field + ".connection", "name the registered connection the model is on"
                        + " (GET /api/connections on the inference gateway lists them)");
            }
            if (!egress.adHocEndpoints()) {
                throw new Invalid(field + ".endpoint", "ad-hoc endpoints are off (cvalues.egress.ad-hoc-endpoints):"
                        + " name a registered connection in " + field + ".connection");
            }
            endpointAllowed(model.endpoint(), field + ".endpoint", egress);
        }
        String name = model.name() == null || model.name().isBlank() ? model.provider() : model.name();
        return new ModelSpec(model.provider(), name, model.endpoint(), null, model.parameters(), model.limits(),
                model.price());
    }

    private static ModelSpec onConnection(ModelSpec model, String field,
            Function<String, Optional<ConnectionEvent>> connections) {
        ConnectionEvent c = connections.apply(model.connection()).orElseThrow(() -> new Invalid(field + ".connection",
                "no connection " + model.connection()
                        + " is registered (GET /api/connections on the inference gateway lists them)"));
        if (model.endpoint() != null) {
            throw new Invalid(field + ".endpoint", "a model on connection " + c.name() + " cannot name its own endpoint; "
                    + field + ".path may add one of the connection's paths " + c.pathsOrNone());
        }
        if (model.provider() != null && !model.provider().equals(c.provider())) {
            throw new Invalid(field + ".provider", "connection " + c.name() + " is for provider " + c.provider());
        }
        if (!c.allows(model.path())) {
            throw new Invalid(field + ".path", "connection " + c.name() + " allows the paths " + c.pathsOrNone()
                    + " (and what lies under them)");
        }
        if (model.name() == null || model.name().isBlank()) {
            throw new Invalid(field + ".name", "the model's name on connection " + c.name() + " required");
        }
        return ModelSpec.onConnection(c.name(), c.provider(), model.name(), model.path(), model.parameters(),
                ModelLimits.stricter(c.limits(), model.limits()), model.price() != null ? model.price() : c.price());
    }

    private static void endpointAllowed(String endpoint, String field, Egress egress) {
        try {
            URI uri = URI.create(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new Invalid(field, "must be an http(s) URL");
        }
        egress.check(endpoint).ifPresent(problem -> {
            throw new Invalid(field, "endpoint refused: " + problem);
        });
    }

    /** Limits of at least 1 where given, prices not negative and with a currency; {@code prefix} begins each field. */
    public static void limitsAndPrice(ModelLimits limits, Price price, String prefix) {
        if (limits != null) {
            positive(limits.maxConcurrency(), prefix + "limits.maxConcurrency");
            positive(limits.requestsPerMinute(), prefix + "limits.requestsPerMinute");
            positive(limits.tokensPerMinute(), prefix + "limits.tokensPerMinute");
        }
        if (price != null && (price.inputPerMillion() < 0 || price.outputPerMillion() < 0 || price.currency() == null
                || price.currency().isBlank())) {
            throw new Invalid(prefix + "price", "prices must not be negative and need a currency");
        }
    }

    private static void positive(Integer value, String field) {
        if (value != null && value < 1) {
            throw new Invalid(field, "must be at least 1");
        }
    }
}
