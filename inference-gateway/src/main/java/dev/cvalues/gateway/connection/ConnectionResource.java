package dev.cvalues.gateway.connection;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.cvalues.contracts.events.ConnectionEvent;
import dev.cvalues.contracts.events.ModelLimits;
import dev.cvalues.contracts.events.Price;
import dev.cvalues.gateway.GatewayConfig;
import dev.cvalues.gateway.provider.ModelProvider;
import dev.cvalues.gateway.provider.ProviderRegistry;
import dev.cvalues.platform.api.ApiError;
import dev.cvalues.platform.connection.ModelChecks;
import dev.cvalues.platform.egress.Egress;
import dev.cvalues.platform.secret.CredentialRef;
import dev.cvalues.platform.secret.SecretsConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Registered model connections: provider, endpoint, credential reference, default limits and price. Runs name a
 * connection; the credential never leaves this service, and answers show only its reference and whether it resolved.
 */
@Path("/api/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class ConnectionResource {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+/?");

    /** What an admin registers under a name. */
    public record ConnectionRequest(String provider, String endpoint, String credentialRef, ModelLimits limits,
            Price price, List<String> paths) {
    }

    /** A connection as the API shows it: the credential's reference and status, never its value. */
    public record ConnectionView(String name, String provider, String endpoint, String credentialRef, String credential,
            String credentialProblem, ModelLimits limits, Price price, List<String> paths, String updatedBy,
            Instant updatedAt) {

        static ConnectionView of(ConnectionRegistry.Registered r) {
            ConnectionEvent c = r.connection();
            return new ConnectionView(c.name(), c.provider(), c.endpoint(), c.credentialRef(), r.credentialStatus(),
                    r.problem(), c.limits(), c.price(), c.pathsOrNone(), c.updatedBy(), c.updatedAt());
        }
    }

    private final ConnectionRegistry registry;
    private final ProviderRegistry providers;
    private final Egress egress;
    private final SecretsConfig secrets;
    private final GatewayConfig config;

    public ConnectionResource(ConnectionRegistry registry, ProviderRegistry providers, Egress egress,
            SecretsConfig secrets, GatewayConfig config) {
        this.registry = registry;
        this.providers = providers;
        this.egress = egress;
        this.secrets = secrets;
        this.config = config;
    }

    @GET
    @Operation(summary = "The registered connections (credential references and their status, never a credential)")
    public List<ConnectionView> list() {
        return registry.all().values().stream().map(ConnectionView::of).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One registered connection")
    public ConnectionView get(@PathParam("name") String name) {
        return registry.find(name).map(ConnectionView::of).orElseThrow(() -> ApiError.of(Response.Status.NOT_FOUND,
                "name", "no connection " + name));
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/{name}")
    @Operation(summary = "Register or replace a connection; answers once this gateway has resolved its credential")
    public ConnectionView put(@PathParam("name") String name, ConnectionRequest request) {
        ConnectionEvent connection = valid(name, request);
        if (registry.find(name).isEmpty() && registry.all().size() >= config.maxConnections()) {
            throw ApiError.badRequest("name", "at most " + config.maxConnections()
                    + " connections can be registered (cvalues.gateway.max-connections)");
        }
        ConnectionRegistry.Registered registered = registry.put(connection);
        return ConnectionView.of(registered);
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a connection; runs naming it fail with unknown_connection")
    public Response delete(@PathParam("name") String name) {
        if (registry.find(name).isEmpty()) {
            throw ApiError.of(Response.Status.NOT_FOUND, "name", "no connection " + name);
        }
        registry.remove(name);
        return Response.noContent().build();
    }

    private ConnectionEvent valid(String name, ConnectionRequest request) {
        if (!NAME.matcher(name).matches()) {
            throw ApiError.badRequest("name", "a connection name is 1-63 characters: a-z, 0-9, '.', '_', '-',"
                    + " starting with a letter or digit");
        }
        if (request == null) {
            throw ApiError.badRequest(null, "request body required: {\"provider\": ..., \"endpoint\": ...}");
        }
        Optional<ModelProvider> provider = request.provider() == null ? Optional.empty()
                : providers.find(request.provider());
        if (provider.isEmpty() || !provider.get().remote()) {
            throw ApiError.badRequest("provider", "provider must be one the gateway calls over HTTP: "
                    + providers.ids().stream().filter(id -> providers.find(id).orElseThrow().remote()).toList());
        }
        String endpoint = request.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            throw ApiError.badRequest("endpoint", "endpoint required, e.g. https://models.example.com/v1");
        }
        try {
            URI uri = new URI(endpoint);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw ApiError.badRequest("endpoint", "an endpoint has no query or fragment");
            }
        } catch (java.net.URISyntaxException e) {
            throw ApiError.badRequest("endpoint", "not a URL");
        }
        egress.check(endpoint).ifPresent(problem -> {
            throw ApiError.badRequest("endpoint", "endpoint refused: " + problem);
        });
        if (request.credentialRef() != null) {
            try {
                CredentialRef.parse(request.credentialRef(), secrets);
            } catch (CredentialRef.Invalid e) {
                // the message names the rule, never the value (it may be a key pasted by mistake)
                throw ApiError.badRequest("credentialRef", e.getMessage());
            }
        }
        List<String> paths = request.paths() == null ? List.of() : request.paths();
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            if (p == null || !PATH.matcher(p).matches() || p.matches(".*/\\.\\.?(/.*)?")) {
                throw ApiError.badRequest("paths[" + i + "]", "a path starts with / and holds only letters, digits and"
                        + " . _ ~ - (no . or .. segments), e.g. /v2");
            }
        }
        try {
            ModelChecks.limitsAndPrice(request.limits(), request.price(), "");
        } catch (ModelChecks.Invalid e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
        return new ConnectionEvent(name, request.provider(), endpoint.replaceAll("/+$", ""), request.credentialRef(),
                request.limits(), request.price(), paths, null, Instant.now());
    }
}
