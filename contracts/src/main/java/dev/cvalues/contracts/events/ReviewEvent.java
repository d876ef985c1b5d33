package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import dev.cvalues.contracts.Event;

/**
 * A person resolves a scorer's reading of one item (a Need_Check of mc-official, say), on
 * {@code cvalues.reviews}, keyed {@code runId:itemId}. The scorer turns it into a score event with the
 * resolved label, its metrics and the review, which replaces the scorer's own score of the item.
 *
 * @param label the resolution, one of the scorer's {@code resolutions}
 */
public record ReviewEvent(int schemaVersion, String runId, String itemId, ItemInfo item, String scorerId,
        String label, Review review) implements Event {

    public ReviewEvent(String runId, String itemId, ItemInfo item, String scorerId, String label, Review review) {
        this(SCHEMA_VERSION, runId, itemId, item, scorerId, label, review);
    }

    @Override
    public void validate() {
        ItemInfo.requireItemEvent(runId, itemId, item);
        require(scorerId, "scorerId");
        require(label, "label");
        require(review, "review");
        require(review.reviewer(), "review.reviewer");
        require(review.reviewedAt(), "review.reviewedAt");
    }
}
