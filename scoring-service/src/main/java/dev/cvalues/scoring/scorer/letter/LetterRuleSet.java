package dev.cvalues.scoring.scorer.letter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.scoring.scorer.RuleFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The compiled rules of the lettered multiple-choice reading ({@code scorers/mc-letter-rules.json}), optionally
 * extended by a second file whose lists are appended. In phrase patterns {@code {L}} captures the chosen letter
 * (group {@code l}), {@code {N}} a rejected one ({@code n}) and {@code {LIST}} several ({@code ls}).
 */
public final class LetterRuleSet {

    /** What a phrase says. */
    public enum Kind {
        /** An answer: 答案：B, the answer is (C), 故选D. Several letters in one answer are no answer. */
        ANSWER,
        /** An option called right: B正确, C is correct, 选B. */
        POSITIVE,
        /** An option called wrong or ruled out: A错误, 排除A、C. */
        NEGATIVE,
        /** The model says it is unsure. */
        UNSURE
    }

    public record Phrase(String name, Kind kind, Pattern pattern) {
    }

    private final String version;
    private final List<Pattern> reasoning;
    private final Pattern unfinishedReasoning;
    private final List<RuleFile.Replacement> normalise;
    private final Pattern uppercase;
    private final Pattern bare;
    private final Pattern leading;
    private final Pattern sentenceBreak;
    private final Pattern finalWord;
    private final List<Phrase> phrases = new ArrayList<>();

    private LetterRuleSet(RuleFile file) {
        this.version = file.version();
        this.reasoning = file.patterns("reasoning");
        this.unfinishedReasoning = file.pattern("unfinishedReasoning");
        this.normalise = file.replacements("normalise");
        this.uppercase = file.pattern("uppercase");
        this.bare = file.pattern("bare");
        this.leading = file.pattern("leading");
        this.sentenceBreak = file.pattern("sentenceBreak");
        this.finalWord = file.pattern("final");
        for (JsonNode n : file.list("phrases")) {
            phrases.add(new Phrase(file.text(n, "name"), file.kind(n, Kind.class), file.compile(file.text(n, "pattern"))));
        }
    }

    public static LetterRuleSet load(String rulesJson, String extra, String source) {
        return new LetterRuleSet(new RuleFile(rulesJson, extra, source, List.of()));
    }

    public String version() {
        return version;
    }

    public List<Pattern> reasoning() {
        return reasoning;
    }

    public Pattern unfinishedReasoning() {
        return unfinishedReasoning;
    }

    public String normalise(String text) {
        return RuleFile.replaceAll(normalise, text);
    }

    /** A lower-case letter where only an option can be meant (option b, 答案是c, "b)" at a line start). */
    public Pattern uppercase() {
        return uppercase;
    }

    public Pattern bare() {
        return bare;
    }

    public Pattern leading() {
        return leading;
    }

    public Pattern sentenceBreak() {
        return sentenceBreak;
    }

    /** In an answer's sentence: this answer replaces the earlier ones (最终, changing my answer to). */
    public Pattern finalWord() {
        return finalWord;
    }

    public List<Phrase> phrases() {
        return phrases;
    }
}
