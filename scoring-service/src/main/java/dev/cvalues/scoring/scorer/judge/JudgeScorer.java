package dev.cvalues.scoring.scorer.judge;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import dev.cvalues.scoring.scorer.Verdict;
import java.util.List;

/**
 * A scorer that asks a model: the run's judge answers a prompt about each response (through the inference
 * gateway, on the judge topics) and the scorer reads its verdict. Its prompt is a versioned text file under
 * {@code judges/}, shown by {@code GET /api/scorers/{id}/prompt}.
 */
public interface JudgeScorer extends AnnouncedScorer {

    /** Labels of the scores that are not the judge's verdict. */
    String NO_JUDGE = "no_judge";
    String JUDGE_FAILED = "judge_failed";
    String UNPARSED = "unparsed";

    /** The prompt template, with {question} and {response}. */
    String template();

    List<ChatMessage> judgePrompt(ItemInfo item, String question, String response);

    /** What the judge's answer says; label {@link #UNPARSED} and no metric when it cannot be read with certainty. */
    JudgeReading read(String judgeAnswer);

    /** The verdict on an item there is nothing to ask the judge about (no metric), or null: ask the judge. */
    default Verdict withoutJudge(ItemInfo item) {
        return null;
    }

    /** As {@link #withoutJudge(ItemInfo)}, for a scorer that decides from the response itself whether to ask. */
    default Verdict withoutJudge(ResponseEvent response) {
        return withoutJudge(response.item());
    }

    /** As {@link #read(String)}, for a scorer whose reading depends on the item and what it asked the judge. */
    default JudgeReading read(ItemInfo item, String judgePrompt, String judgeAnswer) {
        return read(judgeAnswer);
    }
}
