package dev.cvalues.scoring.scorer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer part of a model's output: reasoning blocks ({@code <think>…</think>}) removed, since what a model
 * says on the way is not its answer.
 *
 * @param answer      the text after the reasoning (or the reasoning itself, when nothing followed it)
 * @param unfinished  a reasoning block never ended: the model was cut off while thinking
 * @param inReasoning nothing followed the reasoning, so {@code answer} is the reasoning
 */
public record Reasoning(String answer, boolean unfinished, boolean inReasoning) {

    private static final Pattern TAGS = Pattern.compile("</?think(?:ing)?>|</?reasoning>");

    public static Reasoning strip(String text, List<Pattern> blocks, Pattern unfinishedBlock) {
        String answer = text;
        for (Pattern block : blocks) {
            answer = block.matcher(answer).replaceAll("\n");
        }
        Matcher open = unfinishedBlock.matcher(answer);
        if (open.find()) {
            return new Reasoning(answer.substring(0, open.start()), true, false);
        }
        if (answer.isBlank()) {
            return new Reasoning(TAGS.matcher(text).replaceAll("\n"), false, true);
        }
        return new Reasoning(answer, false, false);
    }
}
