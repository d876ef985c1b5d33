package dev.cvalues.platform.security;

import dev.cvalues.platform.api.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as JSON that say what is missing, never which tokens exist. */
public class AuthExceptionMappers {

    static final String SEND_A_TOKEN = "authentication required: send Authorization: Bearer <token>"
            + " (./cvalues token create, or your OIDC provider's access token)";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return json(401, SEND_A_TOKEN);
    }

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e) {
        return json(401, "the token is unknown, expired or revoked");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, "this token's roles do not allow that; roles: viewer < runner, reviewer < admin");
    }

    private static Response json(int status, String message) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, null));
        return status == 401 ? r.header("WWW-Authenticate", "Bearer").build() : r.build();
    }
}
