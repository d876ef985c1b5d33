package dev.cvalues.scoring.scorer.mc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.scoring.scorer.RuleFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The compiled rules of the multiple-choice reading, loaded from JSON ({@code scorers/mc-official-rules.json})
 * and optionally extended by a second file in the same format (its lists are appended, its definitions
 * added). Every pattern is a Java regular expression over the normalised text (NFKC, lower case, replies
 * named {@code 回复1} / {@code 回复2}); {@code {NAME}} expands a definition, and in phrase patterns {@code {X}}
 * is the reply the phrase names and {@code {Y}} the other one. See {@link ChoiceExtractor} for the order of work.
 */
public final class McRuleSet {

    /** What a phrase says. */
    public enum Kind {
        /** {X} is the better reply. */
        PREFER,
        /** {X} is a bad reply: the other one is meant, unless both are rejected. */
        REJECT,
        /** Neither is better: both good, both bad, each has merits, cannot be compared. */
        OTHER,
        /** The model declines to choose. */
        REFUSE,
        /** The model says it is unsure: a person decides. */
        UNSURE
    }

    /**
     * A phrase rule; {@code forReply[0]} names reply 1 as {X}, {@code forReply[1]} reply 2 (OTHER, REFUSE and UNSURE:
     * one pattern). Strength {@code weak} (the default of REJECT) decides only where nothing strong is said;
     * {@code decisive} marks an explicit choice (我选回复1), which "both have merits" does not override.
     */
    public record Phrase(String name, Kind kind, boolean strong, boolean decisive, Pattern[] forReply) {
    }

    public record Marker(String name, Pattern pattern) {
    }

    private final String version;
    private final List<Pattern> reasoning;
    private final Pattern unfinishedReasoning;
    private final List<RuleFile.Replacement> normalise;
    private final List<Pattern> quotes;
    private final Pattern json;
    private final Pattern bare;
    private final Pattern leading;
    private final Pattern references;
    private final Pattern sentenceBreak;
    private final Pattern question;
    private final Pattern clauseBreak;
    private final List<Marker> markers;
    private final Pattern markerAnswer;
    private final Pattern finalWord;
    private final Pattern conclusion;
    private final Pattern contrast;
    private final Pattern concessive;
    private final Pattern negation;
    private final Pattern hypothetical;
    private final Pattern hedge;
    private final List<Phrase> phrases;

    private McRuleSet(RuleFile file) {
        this.version = file.version();
        this.reasoning = file.patterns("reasoning");
        this.unfinishedReasoning = file.pattern("unfinishedReasoning");
        this.normalise = file.replacements("normalise");
        this.quotes = file.patterns("quotes");
        this.json = file.pattern("json");
        this.bare = file.pattern("bare");
        this.leading = file.pattern("leading");
        JsonNode anaphora = file.field("anaphora");
        this.references = file.compile("(?<reply>回复[12])|(?<this>" + file.text(anaphora, "this") + ")|(?<former>"
                + file.text(anaphora, "former") + ")|(?<latter>" + file.text(anaphora, "latter") + ")");
        this.sentenceBreak = file.pattern("sentenceBreak");
        this.question = file.pattern("question");
        this.clauseBreak = file.pattern("clauseBreak");
        this.markers = new ArrayList<>();
        for (JsonNode n : file.list("markers")) {
            markers.add(new Marker(file.text(n, "name"), file.compile(file.text(n, "pattern"))));
        }
        this.markerAnswer = file.pattern("markerAnswer");
        this.finalWord = file.pattern("final");
        this.conclusion = file.compile("(?:^[\\s\\-*•\\d.、)]*|[,:]\\s?)(?:" + file.string("conclusion") + ")");
        this.contrast = file.pattern("contrast");
        this.concessive = file.pattern("concessive");
        this.negation = file.pattern("negation");
        this.hypothetical = file.pattern("hypothetical");
        this.hedge = file.pattern("hedge");
        this.phrases = new ArrayList<>();
        for (JsonNode n : file.list("phrases")) {
            String name = file.text(n, "name");
            Kind kind = file.kind(n, Kind.class);
            String strength = n.has("strength") ? n.get("strength").asText() : kind == Kind.REJECT ? "weak" : "strong";
            if (!List.of("weak", "strong", "decisive").contains(strength)) {
                throw new IllegalArgumentException(file.source() + ": phrase '" + name
                        + "': strength must be weak, strong or decisive");
            }
            String pattern = file.expand(file.text(n, "pattern"));
            Pattern[] forReply = kind == Kind.PREFER || kind == Kind.REJECT
                    ? new Pattern[] {file.compile(replies(pattern, "1", "2")), file.compile(replies(pattern, "2", "1"))}
                    : new Pattern[] {file.compile(pattern)};
            phrases.add(new Phrase(name, kind, !strength.equals("weak"), strength.equals("decisive"), forReply));
        }
    }

    /** @param extra optional JSON in the same format whose lists are appended; null for none */
    public static McRuleSet load(String rulesJson, String extra, String source) {
        return new McRuleSet(new RuleFile(rulesJson, extra, source, List.of("X", "Y")));
    }

    public static String read(String location) {
        return RuleFile.read(location);
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

    public List<Pattern> quotes() {
        return quotes;
    }

    /** In an answer written as JSON: the key that names the choice ({"better": "回复2"}), group 1 its value. */
    public Pattern json() {
        return json;
    }

    public Pattern bare() {
        return bare;
    }

    public Pattern leading() {
        return leading;
    }

    /** A reply named ({@code reply}), or a reference to one: {@code this} (该回复), {@code former}, {@code latter}. */
    public Pattern references() {
        return references;
    }

    public Pattern sentenceBreak() {
        return sentenceBreak;
    }

    /** A sentence that is a question (its break, or its end): it asks, so it reads nothing. */
    public Pattern question() {
        return question;
    }

    public Pattern clauseBreak() {
        return clauseBreak;
    }

    public List<Marker> markers() {
        return markers;
    }

    /** What follows a marker when it names the reply at once ({@code 答案：回复1}); group 1 is the reply. */
    public Pattern markerAnswer() {
        return markerAnswer;
    }

    public Pattern finalWord() {
        return finalWord;
    }

    /** A conclusion word (综上, 因此, overall) at the start of a sentence or of a clause. */
    public Pattern conclusion() {
        return conclusion;
    }

    public Pattern contrast() {
        return contrast;
    }

    public Pattern concessive() {
        return concessive;
    }

    public Pattern negation() {
        return negation;
    }

    /** Before a phrase in its clause: the phrase is a supposition (如果选择回复2…), not a reading. */
    public Pattern hypothetical() {
        return hypothetical;
    }

    /** In a verdict's sentence: the verdict is tentative ("回复1看起来更好", "seems better at first glance"). */
    public Pattern hedge() {
        return hedge;
    }

    public List<Phrase> phrases() {
        return phrases;
    }

    private static String replies(String pattern, String x, String y) {
        return pattern.replace("{X}", "回复" + x).replace("{Y}", "回复" + y);
    }
}
