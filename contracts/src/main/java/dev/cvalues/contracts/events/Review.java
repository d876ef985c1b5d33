package dev.cvalues.contracts.events;

import java.time.Instant;

/**
 * A person's decision on a scorer's reading.
 *
 * @param originalLabel what the scorer had read, for example {@code Need_Check}
 * @param comment       optional note of the reviewer
 */
public record Review(String reviewer, Instant reviewedAt, String originalLabel, String comment) {
}
