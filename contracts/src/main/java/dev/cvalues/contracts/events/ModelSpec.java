package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

/**
 * The model a run evaluates.
 *
 * @param provider   provider id known to the inference gateway, for example {@code openai},
 *                   {@code baseline:random}, {@code baseline:refuse}
 * @param name       model name as the provider knows it
 * @param endpoint   base URL of an ad-hoc endpoint (one that is no registered connection, never with a credential),
 *                   for example {@code http://127.0.0.1:8000/v1}; the gateway calls it only where the operator
 *                   allows ad-hoc endpoints
 * @param apiKeyRef  not honoured: credentials come only from registered connections. A run request carrying it is
 *                   refused, and a prompt event carrying it fails with {@code credential_in_request}.
 * @param limits     concurrency and rate limits of this model; absent: the connection's, else the gateway's defaults
 * @param price      token prices, to sum the cost of a run; absent: no cost
 * @param connection the registered connection the gateway calls (its endpoint and credential), by name
 * @param path       a path under the connection's endpoint that the connection allows (a deployment's version, e.g.
 *                   {@code /v2}); absent: the endpoint itself
 */
public record ModelSpec(String provider, String name, String endpoint, String apiKeyRef, GenerationParams parameters,
        ModelLimits limits, Price price, String connection, String path) {

    public ModelSpec(String provider, String name, String endpoint, String apiKeyRef, GenerationParams parameters,
            ModelLimits limits, Price price) {
        this(provider, name, endpoint, apiKeyRef, parameters, limits, price, null, null);
    }

    public ModelSpec(String provider, String name, String endpoint, String apiKeyRef, GenerationParams parameters) {
        this(provider, name, endpoint, apiKeyRef, parameters, null, null);
    }

    /** A model on a registered connection. */
    public static ModelSpec onConnection(String connection, String provider, String name, String path,
            GenerationParams parameters, ModelLimits limits, Price price) {
        return new ModelSpec(provider, name, null, null, parameters, limits, price, connection, path);
    }

    public void validate(String field) {
        require(provider, field + ".provider");
        require(name, field + ".name");
    }

    public GenerationParams parametersOrDefaults() {
        return parameters != null ? parameters : new GenerationParams(null, null, null, null, null);
    }

    /** This model with other generation parameters. */
    public ModelSpec withParameters(GenerationParams newParameters) {
        return new ModelSpec(provider, name, endpoint, apiKeyRef, newParameters, limits, price, connection, path);
    }

    /** Where the model answers, for people: the connection (and path), else the ad-hoc endpoint, else nothing. */
    public String location() {
        if (connection != null) {
            return "connection " + connection + (path == null ? "" : path);
        }
        return endpoint;
    }
}
