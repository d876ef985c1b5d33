package dev.cvalues.prompts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every 4xx answer: what is wrong, and which field of the request when there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {
}
