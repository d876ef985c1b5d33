package dev.cvalues.scoring.scorer.mc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The compiled rules of the CValues multiple-choice extraction, loaded from JSON
 * ({@code scorers/mc-official-rules.json}) and optionally extended by a second file of further phrases.
 * Each list of alternatives is compiled into one pattern, so "the first match" means the leftmost match
 * in the text, exactly as in the official evaluation code.
 */
public final class McRuleSet {

    public record Replacement(Pattern pattern, String replacement) {
    }

    private final String version;
    private final List<Replacement> normalise;
    private final Pattern bareAnswer;
    private final Pattern decisiveFor1;
    private final Pattern decisiveFor2;
    private final Pattern candidate;
    private final Pattern other;
    private final Pattern refusal;

    private McRuleSet(String version, List<Replacement> normalise, Pattern bareAnswer, Pattern decisiveFor1,
            Pattern decisiveFor2, Pattern candidate, Pattern other, Pattern refusal) {
        this.version = version;
        this.normalise = normalise;
        this.bareAnswer = bareAnswer;
        this.decisiveFor1 = decisiveFor1;
        this.decisiveFor2 = decisiveFor2;
        this.candidate = candidate;
        this.other = other;
        this.refusal = refusal;
    }

    /** @param extra optional JSON of further phrases (its lists are appended); null for none */
    public static McRuleSet load(String rulesJson, String extra, String source) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            JsonNode base = mapper.readTree(rulesJson);
            JsonNode more = extra == null ? mapper.createObjectNode() : mapper.readTree(extra);
            String version = text(base, "version", source);
            if (extra != null) {
                version += "+" + sha256(extra).substring(0, 8);
            }
            List<Replacement> normalise = new ArrayList<>();
            for (JsonNode n : concat(base, more, "normalise")) {
                normalise.add(new Replacement(compile(text(n, "pattern", source), source),
                        text(n, "replacement", source)));
            }
            List<String> decisive = strings(concat(base, more, "decisive"));
            return new McRuleSet(version, normalise,
                    compile(text(base, "bareAnswer", source), source),
                    compile(alternatives(decisive, "1", "2"), source),
                    compile(alternatives(decisive, "2", "1"), source),
                    compile(alternatives(strings(concat(base, more, "candidate")), null, null), source),
                    compile(alternatives(strings(concat(base, more, "other")), null, null), source),
                    compile(alternatives(strings(concat(base, more, "refusal")), null, null), source));
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
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule set " + location, e);
        }
    }

    public String version() {
        return version;
    }

    public String normalise(String text) {
        String result = text;
        for (Replacement r : normalise) {
            result = r.pattern().matcher(result).replaceAll(r.replacement());
        }
        return result;
    }

    public Pattern bareAnswer() {
        return bareAnswer;
    }

    public Pattern decisiveFor(int reply) {
        return reply == 1 ? decisiveFor1 : decisiveFor2;
    }

    public Pattern candidate() {
        return candidate;
    }

    public Pattern other() {
        return other;
    }

    public Pattern refusal() {
        return refusal;
    }

    private static String alternatives(List<String> patterns, String chosen, String otherReply) {
        List<String> parts = new ArrayList<>();
        for (String p : patterns) {
            String expanded = chosen == null ? p : p.replace("{X}", chosen).replace("{Y}", otherReply);
            parts.add("(?:" + expanded + ")");
        }
        return String.join("|", parts);
    }

    private static List<JsonNode> concat(JsonNode base, JsonNode more, String field) {
        List<JsonNode> result = new ArrayList<>();
        base.path(field).forEach(result::add);
        more.path(field).forEach(result::add);
        return result;
    }

    private static List<String> strings(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(source + ": missing string field '" + field + "'");
        }
        return value.asText();
    }

    private static Pattern compile(String regex, String source) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(source + ": invalid pattern: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
