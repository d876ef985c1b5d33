package dev.cvalues.scoring.scorer;

import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ScorerAnnouncement;

/** What every scorer of this service has: an id, a version, what it applies to, and how it announces itself. */
public interface AnnouncedScorer {

    String id();

    /** Changes whenever the scorer could score the same response differently. */
    String version();

    boolean appliesTo(ItemInfo item);

    ScorerAnnouncement announcement();
}
