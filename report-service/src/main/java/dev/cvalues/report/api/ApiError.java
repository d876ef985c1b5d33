package dev.cvalues.report.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every 4xx answer: what is wrong, and which part of the request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {
}
