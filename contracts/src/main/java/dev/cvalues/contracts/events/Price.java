package dev.cvalues.contracts.events;

/** What a model's tokens cost, per million, in {@code currency} (e.g. USD, CNY). */
public record Price(double inputPerMillion, double outputPerMillion, String currency) {

    public Cost of(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        double in = usage.promptTokens() == null ? 0 : usage.promptTokens();
        double out = usage.completionTokens() == null ? 0 : usage.completionTokens();
        return new Cost((in * inputPerMillion + out * outputPerMillion) / 1_000_000, currency);
    }
}
