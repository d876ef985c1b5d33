package dev.cvalues.contracts.events;

/** Which model answered: provider and model name. */
public record ModelRef(String provider, String name) {

    public static ModelRef of(ModelSpec spec) {
        return new ModelRef(spec.provider(), spec.name());
    }
}
