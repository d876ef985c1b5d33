package dev.cvalues.infra.quarkus;

import java.util.Map;
import java.util.UUID;

/**
 * Test resource: the shared broker reached only through its SASL/SCRAM listener, as a service user with its own
 * password; a client that did not take the service's {@code kafka.*} settings could not connect at all.
 */
public class ScramKafkaResource implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {

    public static final String USER = "cvalues-service";

    @Override
    public Map<String, String> start() {
        String password = UUID.randomUUID().toString();
        KafkaBrokerResource.broker().addScramUser(USER, password);
        return KafkaBrokerResource.broker().scramClientSettings(USER, password);
    }

    @Override
    public void stop() {
        // the broker is shared; stopped by its shutdown hook
    }
}
