package dev.cvalues.scoring.scorer;

import dev.cvalues.contracts.events.ItemInfo;

/**
 * A scorer reads one response to one item and says what it makes of it. Each scorer runs in its own
 * consumer group ({@code scorer-<id>}), so a slow or failing scorer delays only its own scores.
 */
public interface Scorer extends AnnouncedScorer {

    Verdict score(ItemInfo item, String responseText);

    /**
     * The verdict when a person resolves this scorer's reading of an item to {@code label}: the same metrics
     * as if the scorer had read that label. Throws {@link IllegalArgumentException} for a label that is not
     * one of the announced resolutions (or when this scorer takes no reviews).
     */
    default Verdict resolve(ItemInfo item, String label) {
        throw new IllegalArgumentException("scorer " + id() + " takes no reviews");
    }
}
