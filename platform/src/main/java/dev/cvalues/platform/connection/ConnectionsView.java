package dev.cvalues.platform.connection;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.platform.kafka.CompactedTopic;
import dev.cvalues.platform.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The registered connections, read from cvalues.connections (the inference gateway registers them), for the services
 * that check requests naming one. Made on first use; the first look waits until the view has caught up.
 */
@ApplicationScoped
public class ConnectionsView {

    /** A connection registered a moment ago may not have reached this instance yet. */
    private static final Duration PROPAGATION = Duration.ofSeconds(3);

    private final CompactedTopic<ConnectionEvent> topic;

    public ConnectionsView(@Identifier(KafkaSettings.DEFAULT_BROKER) Map<String, Object> kafka) {
        this.topic = new CompactedTopic<>(Topics.CONNECTIONS, json -> EventCodec.decode(json, ConnectionEvent.class),
                kafka).start();
    }

    /** The connection, waiting briefly for one this instance has not read yet. Blocking. */
    public Optional<ConnectionEvent> find(String name) {
        topic.awaitCaughtUp(PROPAGATION);
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        ConnectionEvent c = topic.get(name);
        while (c == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            c = topic.get(name);
        }
        return Optional.ofNullable(c);
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
