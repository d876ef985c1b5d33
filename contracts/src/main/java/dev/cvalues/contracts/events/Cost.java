package dev.cvalues.contracts.events;

/** The cost of one call, from the tokens the provider reported and the model's configured price. */
public record Cost(double amount, String currency) {
}
