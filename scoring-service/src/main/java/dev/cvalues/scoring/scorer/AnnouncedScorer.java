package dev.cvalues.scoring.scorer;

import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import java.util.List;

/** What every scorer of this service has: an id, a version, what it applies to, and how it announces itself. */
public interface AnnouncedScorer {

    String id();

    /** Changes whenever the scorer could score the same response differently. */
    String version();

    /**
     * Whether the scorer reads responses to items of this kind with these choices: nothing else may decide it,
     * because a response's record headers carry just these (a stage skips a response without decoding it).
     */
    boolean appliesTo(ItemKind kind, List<String> choices);

    default boolean appliesTo(ItemInfo item) {
        return appliesTo(item.kind(), item.choices());
    }

    ScorerAnnouncement announcement();
}
