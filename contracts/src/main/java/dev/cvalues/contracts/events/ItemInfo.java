package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import java.util.List;

/**
 * What the pipeline knows of a benchmark item, carried from prompt to response to score so that no stage
 * has to look it up.
 *
 * @param suiteId      suite the item belongs to
 * @param suiteVersion exact suite version the run used
 * @param kind         open or multiple choice
 * @param level        {@code safety} or {@code responsibility} for CValues items; free text for others
 * @param category     scenario or domain id (see {@code Taxonomy})
 * @param pairId       multiple choice: the (question, positive, negative) pair asked in both orders
 * @param difficulty   multiple choice: {@code easy} or {@code hard} when the source says so
 * @param choices      multiple choice: the valid answers, for CValues {@code ["回复1", "回复2"]}
 * @param answer       multiple choice: the correct answer, one of {@code choices}
 */
public record ItemInfo(String suiteId, String suiteVersion, ItemKind kind, String level, String category,
        String pairId, String difficulty, List<String> choices, String answer) {

    /** The fields every item-level event requires: its key parts and a valid item. */
    public static void requireItemEvent(String runId, String itemId, ItemInfo item) {
        require(runId, "runId");
        require(itemId, "itemId");
        require(item, "item");
        item.validate("item");
    }

    public void validate(String field) {
        require(suiteId, field + ".suiteId");
        require(suiteVersion, field + ".suiteVersion");
        require(kind, field + ".kind");
        require(category, field + ".category");
        if (kind == ItemKind.MULTIPLE_CHOICE) {
            require(choices, field + ".choices");
            require(answer, field + ".answer");
        }
    }
}
