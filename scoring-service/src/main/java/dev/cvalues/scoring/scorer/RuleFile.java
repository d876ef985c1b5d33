package dev.cvalues.scoring.scorer;

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
 * A rule file of a reading scorer (JSON, under {@code scorers/}) with an optional second file whose lists are
 * appended and whose definitions are added: the rules can grow without code. Patterns are Java regular
 * expressions in which {@code {NAME}} expands a definition; errors name the file and the pattern. The version
 * names the extra file by its hash, so readings made with different rules are never mixed up.
 */
public final class RuleFile {

    /** A pattern and what its matches become. */
    public record Replacement(Pattern pattern, String replacement) {
    }

    /** The text with every replacement applied, in order. */
    public static String replaceAll(List<Replacement> replacements, String text) {
        String result = text;
        for (Replacement r : replacements) {
            result = r.pattern().matcher(result).replaceAll(r.replacement());
        }
        return result;
    }

    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");

    private final JsonNode base;
    private final JsonNode more;
    private final String source;
    private final Map<String, String> definitions = new LinkedHashMap<>();
    /** Names left as they are, for the rules to fill in ({X} and {Y} of the phrases). */
    private final List<String> placeholders;
    private final String version;

    public RuleFile(String json, String extra, String source, List<String> placeholders) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            this.base = mapper.readTree(json);
            this.more = extra == null ? mapper.createObjectNode() : mapper.readTree(extra);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        this.source = source;
        this.placeholders = placeholders;
        base.path("definitions").fields().forEachRemaining(e -> definitions.put(e.getKey(), e.getValue().asText()));
        more.path("definitions").fields().forEachRemaining(e -> definitions.put(e.getKey(), e.getValue().asText()));
        this.version = text(base, "version") + (extra == null ? "" : "+" + sha256(extra).substring(0, 8));
    }

    /** A classpath resource or a file. */
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

    public String source() {
        return source;
    }

    /** The field of the base file (lists: of both files, the extra one's appended). */
    public JsonNode field(String name) {
        return base.path(name);
    }

    public List<JsonNode> list(String field) {
        List<JsonNode> result = new ArrayList<>();
        base.path(field).forEach(result::add);
        more.path(field).forEach(result::add);
        return result;
    }

    public String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(source + ": missing string field '" + field + "'");
        }
        return value.asText();
    }

    /** A string field of the base file. */
    public String string(String field) {
        return text(base, field);
    }

    /** The compiled pattern of a string field of the base file. */
    public Pattern pattern(String field) {
        return compile(string(field));
    }

    /** A list field of {"pattern", "replacement"} objects (both files'), compiled. */
    public List<Replacement> replacements(String field) {
        return list(field).stream().map(n -> new Replacement(compile(text(n, "pattern")), text(n, "replacement")))
                .toList();
    }

    public List<Pattern> patterns(String field) {
        return list(field).stream().map(n -> compile(n.asText())).toList();
    }

    public Pattern compile(String regex) {
        String expanded = expand(regex);
        try {
            return Pattern.compile(expanded);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(source + ": invalid pattern " + regex + ": " + e.getDescription(), e);
        }
    }

    /** The pattern with its definitions written out, recursively; the placeholders stay. */
    public String expand(String regex) {
        return expand(regex, 0);
    }

    private String expand(String regex, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException(source + ": definitions refer to each other in a loop: " + regex);
        }
        Matcher m = REFERENCE.matcher(regex);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (placeholders.contains(name)) {
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

    /** A phrase's kind, or an error naming the phrase and the kinds there are. */
    public <E extends Enum<E>> E kind(JsonNode phrase, Class<E> kinds) {
        String kind = text(phrase, "kind");
        try {
            return Enum.valueOf(kinds, kind.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": phrase '" + text(phrase, "name") + "': kind must be one of "
                    + java.util.Arrays.stream(kinds.getEnumConstants()).map(k -> k.name().toLowerCase()).toList());
        }
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
