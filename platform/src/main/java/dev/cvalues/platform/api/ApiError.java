package dev.cvalues.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every 4xx answer: what is wrong, and which field of the request when there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {

    /** An exception that answers with this status and an ApiError naming the field. */
    public static WebApplicationException of(Response.Status status, String field, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, field)).build());
    }

    public static WebApplicationException badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, field, message);
    }
}
