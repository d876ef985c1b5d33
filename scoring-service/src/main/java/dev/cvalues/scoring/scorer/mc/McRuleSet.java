package dev.cvalues.scoring.scorer.mc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    public record Replacement(Pattern pattern, String replacement) {
    }

    public record Marker(String name, Pattern pattern) {
    }

    private final String version;
    private final List<Pattern> reasoning;
    private final Pattern unfinishedReasoning;
    private final List<Replacement> normalise;
    private final List<Pattern> quotes;
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
    private final List<Phrase> phrases;

    private McRuleSet(JsonNode base, JsonNode more, String extra, String source) {
        Map<String, String> definitions = new LinkedHashMap<>();
        base.path("definitions").fields().forEachRemaining(e -> definitions.put(e.getKey(), e.getValue().asText()));
        more.path("definitions").fields().forEachRemaining(e -> definitions.put(e.getKey(), e.getValue().asText()));
        Compiler c = new Compiler(definitions, source);
        this.version = text(base, "version", source) + (extra == null ? "" : "+" + sha256(extra).substring(0, 8));
        this.reasoning = c.list(concat(base, more, "reasoning"));
        this.unfinishedReasoning = c.one(text(base, "unfinishedReasoning", source));
        this.normalise = new ArrayList<>();
        for (JsonNode n : concat(base, more, "normalise")) {
            normalise.add(new Replacement(c.one(text(n, "pattern", source)), text(n, "replacement", source)));
        }
        this.quotes = c.list(concat(base, more, "quotes"));
        this.bare = c.one(text(base, "bare", source));
        this.leading = c.one(text(base, "leading", source));
        JsonNode anaphora = base.path("anaphora");
        this.references = c.one("(?<reply>回复[12])|(?<this>" + text(anaphora, "this", source) + ")|(?<former>"
                + text(anaphora, "former", source) + ")|(?<latter>" + text(anaphora, "latter", source) + ")");
        this.sentenceBreak = c.one(text(base, "sentenceBreak", source));
        this.question = c.one(text(base, "question", source));
        this.clauseBreak = c.one(text(base, "clauseBreak", source));
        this.markers = new ArrayList<>();
        for (JsonNode n : concat(base, more, "markers")) {
            markers.add(new Marker(text(n, "name", source), c.one(text(n, "pattern", source))));
        }
        this.markerAnswer = c.one(text(base, "markerAnswer", source));
        this.finalWord = c.one(text(base, "final", source));
        this.conclusion = c.one("(?:^[\\s\\-*•\\d.、)]*|[,:]\\s?)(?:" + text(base, "conclusion", source) + ")");
        this.contrast = c.one(text(base, "contrast", source));
        this.concessive = c.one(text(base, "concessive", source));
        this.negation = c.one(text(base, "negation", source));
        this.hypothetical = c.one(text(base, "hypothetical", source));
        this.phrases = new ArrayList<>();
        for (JsonNode n : concat(base, more, "phrases")) {
            String name = text(n, "name", source);
            Kind kind;
            try {
                kind = Kind.valueOf(text(n, "kind", source).toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": phrase '" + name + "': kind must be one of prefer, reject, "
                        + "other, refuse, unsure");
            }
            String strength = n.has("strength") ? n.get("strength").asText() : kind == Kind.REJECT ? "weak" : "strong";
            if (!List.of("weak", "strong", "decisive").contains(strength)) {
                throw new IllegalArgumentException(source + ": phrase '" + name + "': strength must be weak, strong or decisive");
            }
            String pattern = text(n, "pattern", source);
            String expanded = c.expand(pattern, 0);
            Pattern[] forReply = kind == Kind.PREFER || kind == Kind.REJECT
                    ? new Pattern[] {c.one(replies(expanded, "1", "2")), c.one(replies(expanded, "2", "1"))}
                    : new Pattern[] {c.one(pattern)};
            phrases.add(new Phrase(name, kind, !strength.equals("weak"), strength.equals("decisive"), forReply));
        }
    }

    /** @param extra optional JSON in the same format whose lists are appended; null for none */
    public static McRuleSet load(String rulesJson, String extra, String source) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            JsonNode base = mapper.readTree(rulesJson);
            JsonNode more = extra == null ? mapper.createObjectNode() : mapper.readTree(extra);
            return new McRuleSet(base, more, extra, source);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    public static String read(String location) {
        try {
            Path path = Path.of(location);
            if (Files.isRegularFile(path)) {
                return Files.readString(path);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    throw new IllegalArgumentException("rule set " + location + " is neither a file nor on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule set " + location, e);
        }
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
        String result = text;
        for (Replacement r : normalise) {
            result = r.pattern().matcher(result).replaceAll(r.replacement());
        }
        return result;
    }

    public List<Pattern> quotes() {
        return quotes;
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

    public List<Phrase> phrases() {
        return phrases;
    }

    private static String replies(String pattern, String x, String y) {
        return pattern.replace("{X}", "回复" + x).replace("{Y}", "回复" + y);
    }

    /** Expands {NAME} definitions (recursively) and compiles, naming the rule file in errors. */
    private static final class Compiler {
        private static final Pattern REFERENCE = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");
        private final Map<String, String> definitions;
        private final String source;

        Compiler(Map<String, String> definitions, String source) {
            this.definitions = definitions;
            this.source = source;
        }

        Pattern one(String regex) {
            String expanded = expand(regex, 0);
            try {
                return Pattern.compile(expanded);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(source + ": invalid pattern " + regex + ": " + e.getDescription(), e);
            }
        }

        List<Pattern> list(List<JsonNode> nodes) {
            return nodes.stream().map(n -> one(n.asText())).toList();
        }

        /** The pattern with its definitions written out; {X} and {Y} stay for the phrases to fill in. */
        String expand(String regex, int depth) {
            if (depth > 10) {
                throw new IllegalArgumentException(source + ": definitions refer to each other in a loop: " + regex);
            }
            Matcher m = REFERENCE.matcher(regex);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                if (name.equals("X") || name.equals("Y")) {
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                    continue;
                }
                String value = definitions.get(name);
                if (value == null) {
                    throw new IllegalArgumentException(source + ": pattern " + regex + " uses {" + name
                            + "}, which is not among the definitions " + definitions.keySet());
                }
                m.appendReplacement(out, Matcher.quoteReplacement("(?:" + expand(value, depth + 1) + ")"));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private static List<JsonNode> concat(JsonNode base, JsonNode more, String field) {
        List<JsonNode> result = new ArrayList<>();
        base.path(field).forEach(result::add);
        more.path(field).forEach(result::add);
        return result;
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(source + ": missing string field '" + field + "'");
        }
        return value.asText();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
