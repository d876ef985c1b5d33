package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.PromptEvent;
import io.smallrye.mutiny.Uni;

/**
 * A way to get a model's answer. Adding a provider means one CDI bean implementing this interface; the
 * {@link ProviderRegistry} finds it by {@link #id()}, the value runs put in {@code model.provider}.
 */
public interface ModelProvider {

    /** The provider id, for example {@code openai} or {@code baseline:random}. */
    String id();

    /**
     * One attempt at answering the prompt, started on subscription. Fails with a {@link ProviderException}
     * saying whether a retry may help; never answers with invented text.
     */
    Uni<Completion> complete(PromptEvent prompt, Target target);

    /** Whether calls go over the network (to a registered connection or an allowed ad-hoc endpoint). */
    default boolean remote() {
        return true;
    }

    /** Whether answers are worth caching: true for real models, false for the offline baselines. */
    default boolean cacheable() {
        return remote();
    }
}
