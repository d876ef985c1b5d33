package dev.cvalues.prompts.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.prompts.suite.SuiteFormatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into JSON {@link ApiError} bodies that name the offending field. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.getMessage(), e.field())).build();
    }

    @ServerExceptionMapper
    public Response badSuiteFile(SuiteFormatException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.getMessage(), e.field())).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("malformed JSON: " + e.getOriginalMessage(), null)).build();
    }

    /** Declared for the subtype too: Quarkus maps it by default, and the most specific mapper wins. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? null : EventCodec.path(e);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("invalid value: " + e.getOriginalMessage(), field)).build();
    }
}
