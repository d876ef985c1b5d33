package dev.cvalues.prompts.suite;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import java.util.List;

/**
 * One item of a suite, ready to be sent: its taxonomy and the exact messages the model receives.
 *
 * @param unitId the sampling unit: the pair id for multiple-choice items (both orders travel together),
 *               the item id otherwise
 */
public record SuiteItem(String itemId, String unitId, ItemKind kind, String level, String category, String pairId,
        String difficulty, List<String> choices, String answer, List<ChatMessage> messages) {

    public ItemInfo info(String suiteId, String suiteVersion) {
        return new ItemInfo(suiteId, suiteVersion, kind, level, category, pairId, difficulty, choices, answer);
    }
}
