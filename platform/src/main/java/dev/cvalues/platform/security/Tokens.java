package dev.cvalues.platform.security;

import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.TokenEvent;
import dev.cvalues.platform.kafka.CompactedTopic;
import dev.cvalues.platform.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API tokens every service accepts: those on the compacted topic cvalues.tokens (created through the API, only
 * their SHA-256 stored), and the bootstrap tokens of the configuration. A token is {@code cvt_} and 43 characters of
 * random base64url; a request's token is looked up by its SHA-256.
 */
@ApplicationScoped
@Startup
public class Tokens {

    public static final String PREFIX = "cvt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token that authenticates: who it is and what it may do. */
    public record Holder(String id, String name, List<String> roles) {
    }

    /** A token just created: the only time the token itself exists outside its holder's hands. */
    public record Created(TokenEvent event, String token) {
    }

    private final Map<String, TokenEvent> byHash = new ConcurrentHashMap<>();
    private final Map<String, Holder> bootstrap = new ConcurrentHashMap<>();
    private final CompactedTopic<TokenEvent> topic;

    public Tokens(AuthConfig auth, @Identifier(KafkaSettings.DEFAULT_BROKER) Map<String, Object> kafka) {
        for (String entry : auth.bootstrapTokens().orElse(List.of())) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length != 3 || !parts[0].matches("[0-9a-f]{64}") || parts[2].isBlank()) {
                throw new IllegalArgumentException("cvalues.auth.bootstrap-tokens: each entry is sha256:roles:name,"
                        + " the SHA-256 in lower-case hex");
            }
            List<String> roles = Arrays.asList(parts[1].split("\\+"));
            if (!Roles.ALL.containsAll(roles)) {
                throw new IllegalArgumentException("cvalues.auth.bootstrap-tokens: roles are " + Roles.ALL);
            }
            bootstrap.put(parts[0], new Holder("bootstrap:" + parts[2], parts[2], roles));
        }
        this.topic = new CompactedTopic<>(Topics.TOKENS, json -> EventCodec.decode(json, TokenEvent.class),
                kafka).onChange(this::changed).start();
    }

    private void changed(String id, TokenEvent token) {
        byHash.values().removeIf(t -> t.id().equals(id));
        if (token != null) {
            byHash.put(token.sha256(), token);
        }
    }

    /** Who holds this token, if it is known, unexpired and not revoked. */
    public Optional<Holder> holder(String token) {
        String hash = sha256(token);
        Holder configured = bootstrap.get(hash);
        if (configured != null) {
            return Optional.of(configured);
        }
        TokenEvent t = byHash.get(hash);
        if (t == null || !t.validAt(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new Holder(t.id(), t.name(), t.roles()));
    }

    /** Creates a token; returns once this instance accepts it. */
    public Created create(String name, List<String> roles, Instant expiresAt, String createdBy) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[9];
        RANDOM.nextBytes(idBytes);
        String id = "tok-" + HexFormat.of().formatHex(idBytes);
        TokenEvent event = new TokenEvent(id, name, roles, sha256(token), createdBy, Instant.now(), expiresAt);
        topic.publish(id, EventCodec.encode(event), Duration.ofSeconds(15));
        return new Created(event, token);
    }

    public Optional<TokenEvent> find(String id) {
        return Optional.ofNullable(topic.get(id));
    }

    public List<TokenEvent> all() {
        return topic.all().values().stream().sorted(java.util.Comparator.comparing(TokenEvent::createdAt,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).toList();
    }

    /** Revokes a token; every service refuses it once the revocation reaches it (milliseconds). */
    public TokenEvent revoke(TokenEvent token) {
        TokenEvent revoked = token.revoked(Instant.now());
        topic.publish(token.id(), EventCodec.encode(revoked), Duration.ofSeconds(15));
        return revoked;
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
