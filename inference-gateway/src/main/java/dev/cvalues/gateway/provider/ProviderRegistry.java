package dev.cvalues.gateway.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every {@link ModelProvider} bean, by id. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, ModelProvider> providers = new TreeMap<>();

    public ProviderRegistry(Instance<ModelProvider> beans) {
        for (ModelProvider provider : beans) {
            ModelProvider earlier = providers.put(provider.id(), provider);
            if (earlier != null) {
                throw new IllegalStateException("two providers claim id " + provider.id() + ": "
                        + earlier.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
    }

    public Optional<ModelProvider> find(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    public java.util.Set<String> ids() {
        return providers.keySet();
    }
}
