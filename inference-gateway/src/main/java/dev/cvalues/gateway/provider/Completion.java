package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.TokenUsage;

/** What a provider returned for one prompt. */
public record Completion(String text, String finishReason, TokenUsage usage, String providerRequestId) {
}
