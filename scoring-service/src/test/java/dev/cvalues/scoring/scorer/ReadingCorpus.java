package dev.cvalues.scoring.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A corpus of realistic answers ({@code corpus/*.jsonl}: id, style, family, expected, text), each labelled with what a
 * careful person reads in it, and how a reader does on it: right, not read (the reader's "a person decides"
 * labels), and wrong definite labels, per expected outcome. The report is written under
 * {@code target/reading-corpus/} and the test holds the reader to its bar.
 */
public final class ReadingCorpus {

    public record Line(String file, String id, String expected, String text, JsonNode node) {
    }

    /** One expected outcome's figures: lines, read right, wrong definite labels. */
    public static final class Tally {
        public int lines;
        public int right;
        public int wrongDefinite;
    }

    public record Result(String name, Tally all, Map<String, Tally> byExpected, List<String> misses) {

        public double rightShare() {
            return all.right / (double) all.lines;
        }

        public double wrongDefiniteShare() {
            return all.wrongDefinite / (double) all.lines;
        }

        public String report() {
            StringBuilder out = new StringBuilder(String.format("%s: %d lines, right %d (%.1f %%), wrong definite %d "
                    + "(%.1f %%)%n", name, all.lines, all.right, 100 * rightShare(), all.wrongDefinite,
                    100 * wrongDefiniteShare()));
            byExpected.forEach((label, t) -> out.append(String.format("  %-14s %4d lines, right %4d (%.1f %%), wrong "
                    + "definite %d%n", label, t.lines, t.right, 100.0 * t.right / t.lines, t.wrongDefinite)));
            misses.forEach(m -> out.append("  miss ").append(m).append('\n'));
            return out.toString();
        }

        /** Writes the report under target/reading-corpus and holds the reader to the bar. */
        public Result holdsTo(double minRight, double maxWrongDefinite) {
            try {
                Path dir = Path.of("target", "reading-corpus");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(name + ".txt"), report());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(rightShare()).as(report()).isGreaterThanOrEqualTo(minRight);
            assertThat(wrongDefiniteShare()).as(report()).isLessThanOrEqualTo(maxWrongDefinite);
            return this;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static List<Line> load(String... resources) {
        List<Line> lines = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = ReadingCorpus.class.getResourceAsStream("/corpus/" + resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no corpus " + resource);
                }
                for (String json : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!json.isBlank()) {
                        JsonNode node = MAPPER.readTree(json);
                        lines.add(new Line(resource, node.get("id").asText(), node.get("expected").asText(),
                                node.get("text").asText(), node));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(resource, e);
            }
        }
        return lines;
    }

    /**
     * @param indefinite the reader's labels that leave the decision to a person (Need_Check, Unanswered, unparsed):
     *                   reading one where the line expects another label is a miss, not a wrong definite label
     */
    public static Result measure(String name, List<Line> lines, Function<Line, String> reader, Set<String> indefinite) {
        Tally all = new Tally();
        Map<String, Tally> byExpected = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Line line : lines) {
            String read = reader.apply(line);
            Tally t = byExpected.computeIfAbsent(line.expected(), k -> new Tally());
            all.lines++;
            t.lines++;
            if (line.expected().equals(read)) {
                all.right++;
                t.right++;
            } else {
                boolean definite = !indefinite.contains(read);
                if (definite) {
                    all.wrongDefinite++;
                    t.wrongDefinite++;
                }
                misses.add((definite ? "WRONG " : "unread ") + line.file() + " " + line.id() + ": expected "
                        + line.expected() + ", read " + read);
            }
        }
        return new Result(name, all, byExpected, misses);
    }

    private ReadingCorpus() {
    }
}
