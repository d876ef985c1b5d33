package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

/**
 * The model a run evaluates.
 *
 * @param provider  provider id known to the inference gateway, for example {@code openai},
 *                  {@code baseline:random}, {@code baseline:refuse}
 * @param name      model name as the provider knows it
 * @param endpoint  base URL for HTTP providers, for example {@code http://127.0.0.1:8000/v1}
 * @param apiKeyRef where the gateway finds the API key: {@code env:VAR} or {@code file:/path}. A reference
 *                  only: the key itself never travels in events.
 * @param limits    concurrency and rate limits of this model; absent: the gateway's defaults
 * @param price     token prices, to sum the cost of a run; absent: no cost
 */
public record ModelSpec(String provider, String name, String endpoint, String apiKeyRef, GenerationParams parameters,
        ModelLimits limits, Price price) {

    public ModelSpec(String provider, String name, String endpoint, String apiKeyRef, GenerationParams parameters) {
        this(provider, name, endpoint, apiKeyRef, parameters, null, null);
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
        return new ModelSpec(provider, name, endpoint, apiKeyRef, newParameters, limits, price);
    }
}
