package dev.cvalues.prompts.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cvalues.contracts.events.TokenEvent;
import dev.cvalues.platform.security.Roles;
import dev.cvalues.platform.security.Tokens;
import dev.cvalues.prompts.api.BadRequestException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * API tokens, created by an admin: the token is in the creation's answer and nowhere else (only its SHA-256 is kept,
 * on cvalues.tokens, where every service reads it). Tokens can expire and be revoked.
 */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class TokenResource {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final Duration LONGEST = Duration.ofDays(3660);

    /** @param expiresIn an ISO-8601 duration ({@code P30D}, {@code PT12H}); absent: never expires */
    public record TokenRequest(String name, List<String> roles, String expiresIn) {
    }

    /** A token as listed: who, what, until when; never the token nor its hash (the token only when just created). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenView(String id, String name, List<String> roles, String createdBy, Instant createdAt,
            Instant expiresAt, Instant revokedAt, String token) {

        static TokenView of(TokenEvent t, String token) {
            return new TokenView(t.id(), t.name(), t.roles(), t.createdBy(), t.createdAt(), t.expiresAt(), t.revokedAt(),
                    token);
        }
    }

    private final Tokens tokens;
    private final SecurityIdentity identity;

    public TokenResource(Tokens tokens, SecurityIdentity identity) {
        this.tokens = tokens;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Create a token (201); the answer's token is shown this once")
    public Response create(TokenRequest request) {
        if (request == null || request.name() == null || !NAME.matcher(request.name()).matches()) {
            throw new BadRequestException("name", "name: who the token is for, 1-64 letters, digits or . _ @ -");
        }
        if (request.roles() == null || request.roles().isEmpty() || !Roles.ALL.containsAll(request.roles())) {
            throw new BadRequestException("roles", "roles: one or more of " + Roles.ALL);
        }
        Instant expiresAt = null;
        if (request.expiresIn() != null) {
            try {
                Duration d = Duration.parse(request.expiresIn());
                if (d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
                    throw new BadRequestException("expiresIn", "expiresIn: a positive duration of at most ten years");
                }
                expiresAt = Instant.now().plus(d);
            } catch (DateTimeParseException e) {
                throw new BadRequestException("expiresIn", "expiresIn: an ISO-8601 duration such as P30D or PT12H");
            }
        }
        Tokens.Created created = tokens.create(request.name(), List.copyOf(request.roles()), expiresAt,
                identity.getPrincipal().getName());
        return Response.status(Response.Status.CREATED).entity(TokenView.of(created.event(), created.token())).build();
    }

    @GET
    @Operation(summary = "Every token created through the API, revoked and expired ones included (never a token)")
    public List<TokenView> list() {
        return tokens.all().stream().map(t -> TokenView.of(t, null)).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token: every service refuses it from then on")
    public TokenView revoke(@PathParam("id") String id) {
        TokenEvent token = tokens.find(id).orElseThrow(() -> new BadRequestException(Response.Status.NOT_FOUND, "id",
                "no token " + id));
        return TokenView.of(token.revokedAt() != null ? token : tokens.revoke(token), null);
    }
}
