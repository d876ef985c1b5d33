package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;
import java.time.Instant;
import java.util.List;

/**
 * A registered model connection, on the compacted topic {@code cvalues.connections} keyed by its name (a tombstone
 * removes it). Runs, policies, deployments and backfills name a connection instead of carrying an endpoint and a
 * credential; only the inference gateway resolves the credential, and sends it only to this endpoint.
 *
 * @param provider      the gateway's provider id ({@code openai}, {@code anthropic})
 * @param endpoint      base URL the gateway calls, e.g. {@code https://dashscope.aliyuncs.com/compatible-mode/v1}
 * @param credentialRef where the gateway finds the credential: {@code env:CVALUES_SECRET_…} (the configured prefix) or
 *                      {@code file:NAME} inside the configured secrets directory; a reference, never the value;
 *                      absent: calls carry no credential
 * @param limits        default limits of models on this connection (a run may set stricter ones)
 * @param price         token prices of models on this connection
 * @param paths         path prefixes under the endpoint that a run or a deployment may add ({@code model.path});
 *                      absent or empty: none
 * @param updatedBy     who registered this version of the connection
 */
public record ConnectionEvent(int schemaVersion, String name, String provider, String endpoint, String credentialRef,
        ModelLimits limits, Price price, List<String> paths, String updatedBy, Instant updatedAt) implements Event {

    public ConnectionEvent(String name, String provider, String endpoint, String credentialRef, ModelLimits limits,
            Price price, List<String> paths, String updatedBy, Instant updatedAt) {
        this(SCHEMA_VERSION, name, provider, endpoint, credentialRef, limits, price,
                paths == null ? List.of() : List.copyOf(paths), updatedBy, updatedAt);
    }

    @Override
    public void validate() {
        require(name, "name");
        require(provider, "provider");
        require(endpoint, "endpoint");
    }

    public List<String> pathsOrNone() {
        return paths == null ? List.of() : paths;
    }

    /** Whether a run may add this path under the endpoint: it is one of {@link #paths} or lies under one. */
    public boolean allows(String path) {
        if (path == null || path.isEmpty()) {
            return true;
        }
        if (!path.matches("(/[A-Za-z0-9._~-]+)+") || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.endsWith("/.")) {
            return false;
        }
        for (String allowed : pathsOrNone()) {
            if (path.equals(allowed) || path.startsWith(allowed.endsWith("/") ? allowed : allowed + "/")) {
                return true;
            }
        }
        return false;
    }
}
