package dev.cvalues.prompts.api;

import jakarta.ws.rs.core.Response;

/** A request that cannot be served as sent; answered 400 (or the given status) with an {@link ApiError}. */
public class BadRequestException extends RuntimeException {

    private final String field;
    private final Response.Status status;

    public BadRequestException(String field, String message) {
        this(Response.Status.BAD_REQUEST, field, message);
    }

    public BadRequestException(Response.Status status, String field, String message) {
        super(message);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public Response.Status status() {
        return status;
    }
}
