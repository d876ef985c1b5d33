package dev.cvalues.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The client settings every Kafka connection of a service shares: the {@code kafka.*} properties (bootstrap servers,
 * SASL/SCRAM or mTLS), the same the service's messaging channels use.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    public static Map<String, Object> from(Config config) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.") && name.length() > 6) {
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name.substring(6), v));
            }
        }
        return settings;
    }
}
