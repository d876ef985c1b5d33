package dev.cvalues.contracts.events;

/**
 * One metric of one scored item. A metric that does not apply to the item is absent rather than zero:
 * for {@code mc-official}, {@code acc_star} is absent on Refuse and Need_Check, which is exactly how the
 * official Acc* leaves them out of its denominator.
 */
public record MetricValue(String name, double value) {
}
