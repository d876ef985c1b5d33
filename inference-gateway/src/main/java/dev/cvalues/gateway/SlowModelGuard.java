package dev.cvalues.gateway;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * A prompt is held while its model call and retries run; if that can take longer than the Kafka channel lets
 * a record stay unprocessed, the channel reports itself unhealthy in the middle of a slow but working run.
 * Warns at startup when the settings allow that.
 */
@ApplicationScoped
public class SlowModelGuard {

    private static final Logger LOG = Logger.getLogger(SlowModelGuard.class);
    /** The channels that hold a prompt during its call: the models' and the judges'. */
    static final List<String> CHANNELS = List.of("prompts-in", "judge-prompts-in");

    void check(@Observes StartupEvent event, GatewayConfig gateway, Config config) {
        Duration budget = longestItem(gateway);
        for (String channel : CHANNELS) {
            String maxAge = "mp.messaging.incoming." + channel + ".throttled.unprocessed-record-max-age.ms";
            long maxAgeMs = config.getOptionalValue(maxAge, Long.class).orElse(60_000L);
            if (maxAgeMs > 0 && budget.toMillis() >= maxAgeMs) {
                LOG.warnf("one item may take up to %d s (%d attempts of up to %d s, with backoff) but %s is %d ms: "
                        + "slow models would mark the channel unhealthy; raise it", budget.toSeconds(),
                        gateway.maxAttempts(), gateway.requestTimeout().toSeconds(), maxAge, maxAgeMs);
            }
        }
    }

    /** The longest one prompt can be held: every attempt timing out, with the longest waits between them. */
    static Duration longestItem(GatewayConfig gateway) {
        return gateway.requestTimeout().multipliedBy(gateway.maxAttempts())
                .plus(gateway.maxBackoff().multipliedBy(Math.max(0, gateway.maxAttempts() - 1)));
    }
}
