package dev.cvalues.gateway.connection;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.platform.kafka.CompactedTopic;
import dev.cvalues.platform.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import dev.cvalues.platform.secret.CredentialRef;
import dev.cvalues.platform.secret.SecretsConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered connections, read from the compacted topic cvalues.connections by every gateway instance. A
 * connection's credential is resolved once, when the connection arrives, on the topic's reader thread (never an event
 * loop); it stays in this process and goes only to that connection's endpoint. Every credential this process holds is
 * removed from failure messages ({@link #redact}).
 */
@ApplicationScoped
@Startup
public class ConnectionRegistry {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    /** A connection with its credential (null: none, or unavailable) and what stops the credential, if anything. */
    public record Registered(ConnectionEvent connection, String credential, String problem) {

        public String credentialStatus() {
            return connection.credentialRef() == null ? "none" : problem == null ? "resolved" : "unavailable";
        }

        @Override
        public String toString() {
            return "Registered[" + connection.name() + ", credential " + credentialStatus() + "]";
        }
    }

    private final SecretsConfig secrets;
    private final Map<String, Registered> registered = new ConcurrentHashMap<>();
    private final Set<String> credentials = ConcurrentHashMap.newKeySet();
    private final CompactedTopic<ConnectionEvent> topic;

    public ConnectionRegistry(SecretsConfig secrets,
            @Identifier(KafkaSettings.DEFAULT_BROKER) Map<String, Object> kafka) {
        this.secrets = secrets;
        this.topic = new CompactedTopic<>(Topics.CONNECTIONS, json -> EventCodec.decode(json, ConnectionEvent.class),
                kafka).onChange(this::changed).start();
    }

    private void changed(String name, ConnectionEvent connection) {
        if (connection == null) {
            registered.remove(name);
            return;
        }
        if (connection.credentialRef() == null) {
            registered.put(name, new Registered(connection, null, null));
            return;
        }
        try {
            String credential = CredentialRef.parse(connection.credentialRef(), secrets).resolve(secrets, System::getenv);
            credentials.add(credential);
            registered.put(name, new Registered(connection, credential, null));
        } catch (CredentialRef.Invalid e) {
            registered.put(name, new Registered(connection, null, e.getMessage()));
        }
    }

    public Optional<Registered> find(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    public Map<String, Registered> all() {
        return new TreeMap<>(registered);
    }

    /** Registers (or replaces) a connection; returns once this instance has it. */
    public Registered put(ConnectionEvent connection) {
        topic.publish(connection.name(), EventCodec.encode(connection), WRITE_TIMEOUT);
        return registered.get(connection.name());
    }

    public void remove(String name) {
        topic.publish(name, null, WRITE_TIMEOUT);
    }

    /** The text with every credential this process holds replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String credential : credentials) {
            if (out.contains(credential)) {
                out = out.replace(credential, "***");
            }
        }
        return out;
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
