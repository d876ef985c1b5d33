package dev.cvalues.contracts.events;

/**
 * Why an item has no response.
 *
 * @param reason  a stable code: {@code http_4xx}, {@code http_5xx}, {@code timeout}, {@code connection}, {@code response_too_large},
 *                {@code unknown_provider}, {@code invalid_response}, {@code configuration}
 * @param message human-readable detail; never contains secrets
 */
public record Failure(String reason, String message) {
}
