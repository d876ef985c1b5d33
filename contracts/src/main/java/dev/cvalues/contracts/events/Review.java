package dev.cvalues.contracts.events;

import java.time.Instant;

/**
 * A person's decision on a scorer's reading.
 *
 * @param originalLabel what the scorer had read, for example {@code Need_Check}
 * @param comment       optional note of the reviewer
 * @param override      true when the reading was not awaiting review: a person overrode a definite reading
 * @param reason        why it was overridden (required with {@code override})
 * @param previousLabel the reading just before this review (an earlier review's label, or the scorer's)
 */
public record Review(String reviewer, Instant reviewedAt, String originalLabel, String comment, Boolean override,
        String reason, String previousLabel) {

    public Review(String reviewer, Instant reviewedAt, String originalLabel, String comment) {
        this(reviewer, reviewedAt, originalLabel, comment, null, null, null);
    }
}
