package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;

/**
 * An API token, on the compacted topic {@code cvalues.tokens} keyed by its id: who it is for, its roles, and the
 * SHA-256 of the token (the token itself is shown once, to the admin who created it, and stored nowhere). Every
 * service reads the topic to authenticate requests; a revoked or expired token authenticates nobody.
 *
 * @param roles     {@code viewer}, {@code runner}, {@code reviewer}, {@code admin}
 * @param sha256    lower-case hex SHA-256 of the token's UTF-8 bytes
 * @param expiresAt absent: never expires
 * @param revokedAt absent: not revoked
 */
public record TokenEvent(int schemaVersion, String id, String name, List<String> roles, String sha256,
        String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt) implements Event {

    public TokenEvent(String id, String name, List<String> roles, String sha256, String createdBy, Instant createdAt,
            Instant expiresAt) {
        this(SCHEMA_VERSION, id, name, List.copyOf(roles), sha256, createdBy, createdAt, expiresAt, null);
    }

    @Override
    public void validate() {
        require(id, "id");
        require(name, "name");
        require(sha256, "sha256");
        if (roles == null || roles.isEmpty()) {
            throw new dev.cvalues.contracts.InvalidEventException("missing required field 'roles'");
        }
    }

    public TokenEvent revoked(Instant at) {
        return new TokenEvent(schemaVersion, id, name, roles, sha256, createdBy, createdAt, expiresAt, at);
    }

    /** Whether the token authenticates at this instant. */
    public boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
