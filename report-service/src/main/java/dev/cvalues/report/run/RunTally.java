package dev.cvalues.report.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bson.Document;

/**
 * What a run's counts and status are made of, kept on the run document under {@code tally}: items answered and
 * failed, cached answers and their cost, answered items per shape (kind and choices: what decides which scorers
 * apply), scores and their cost per scorer, and items with any score. The materialisers change it with
 * {@code $inc} by what each batch changed (they read what was there first), so a redelivered event counts
 * nothing; a recount rebuilds it from the documents.
 * <p>
 * Field names in the document escape every character outside {@code [A-Za-z0-9_-]} as {@code ~} and four hex
 * digits, so that any scorer id, currency or choice is a safe field name and each reads back as itself.
 */
public final class RunTally {

    public static final String FIELD = "tally";

    long responded;
    long failed;
    long cached;
    long scoredItems;
    final Map<String, Double> cost = new TreeMap<>();
    final Map<Shape, Long> okByShape = new HashMap<>();
    final Map<String, Long> scoredBy = new TreeMap<>();
    final Map<String, Map<String, Double>> scoreCost = new TreeMap<>();

    /** The kind and choices of an item. */
    public record Shape(String kind, List<String> choices) {

        public Shape {
            choices = choices == null ? List.of() : List.copyOf(choices);
        }

        String key() {
            StringBuilder key = new StringBuilder(escape(kind));
            choices.forEach(c -> key.append('!').append(escape(c)));
            return key.toString();
        }

        static Shape of(String key) {
            String[] parts = key.split("!", -1);
            List<String> choices = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                choices.add(unescape(parts[i]));
            }
            return new Shape(unescape(parts[0]), choices);
        }
    }

    /** Changes to several runs' tallies, as {@code $inc} fields per run. */
    public static final class Delta {
        private final Map<String, Document> byRun = new HashMap<>();

        private void add(String runId, String path, Number n) {
            Document inc = byRun.computeIfAbsent(runId, id -> new Document());
            Number before = (Number) inc.get(path);
            if (n instanceof Double || before instanceof Double) {
                inc.put(path, (before == null ? 0 : before.doubleValue()) + n.doubleValue());
            } else {
                inc.put(path, (before == null ? 0 : before.longValue()) + n.longValue());
            }
        }

        /** An item's answer, before ({@code null} when there was none) and now. */
        public void answer(String runId, Answer before, Answer now) {
            if (Objects.equals(before, now)) {
                return;
            }
            if (before != null) {
                count(runId, before, -1);
            }
            count(runId, now, 1);
        }

        private void count(String runId, Answer a, int sign) {
            if (a.ok()) {
                add(runId, FIELD + ".responded", sign);
                add(runId, FIELD + ".shapes." + a.shape().key(), sign);
                if (a.cached()) {
                    add(runId, FIELD + ".cached", sign);
                }
                if (a.currency() != null) {
                    add(runId, FIELD + ".cost." + escape(a.currency()), sign * a.amount());
                }
            } else {
                add(runId, FIELD + ".failed", sign);
            }
        }

        /** A score stored for the first time ({@code before} null) or replaced; its cost before and now. */
        public void score(String runId, String scorerId, boolean existed, String currencyBefore, double amountBefore,
                String currency, double amount) {
            if (!existed) {
                add(runId, FIELD + ".scored." + escape(scorerId), 1);
            } else if (currencyBefore != null) {
                add(runId, FIELD + ".scoreCost." + escape(scorerId) + "." + escape(currencyBefore), -amountBefore);
            }
            if (currency != null) {
                add(runId, FIELD + ".scoreCost." + escape(scorerId) + "." + escape(currency), amount);
            }
        }

        /** An item that had no score has one now. */
        public void scoredItem(String runId) {
            add(runId, FIELD + ".items", 1);
        }

        public Map<String, Document> byRun() {
            return byRun;
        }

        public boolean isEmpty() {
            return byRun.isEmpty();
        }
    }

    /** What an item's response counts towards: answered or failed, its shape, cached, and its cost. */
    public record Answer(boolean ok, Shape shape, boolean cached, String currency, double amount) {
    }

    static RunTally of(Document run) {
        RunTally t = new RunTally();
        Document d = run == null ? null : run.get(FIELD, Document.class);
        if (d == null) {
            return t;
        }
        t.responded = number(d.get("responded")).longValue();
        t.failed = number(d.get("failed")).longValue();
        t.cached = number(d.get("cached")).longValue();
        t.scoredItems = number(d.get("items")).longValue();
        sub(d, "cost").forEach((k, v) -> t.cost.put(unescape(k), number(v).doubleValue()));
        sub(d, "shapes").forEach((k, v) -> t.okByShape.put(Shape.of(k), number(v).longValue()));
        sub(d, "scored").forEach((k, v) -> t.scoredBy.put(unescape(k), number(v).longValue()));
        sub(d, "scoreCost").forEach((k, v) -> {
            Map<String, Double> byCurrency = new TreeMap<>();
            ((Document) v).forEach((c, a) -> byCurrency.put(unescape(c), number(a).doubleValue()));
            t.scoreCost.put(unescape(k), byCurrency);
        });
        return t;
    }

    Document toDocument() {
        Document shapes = new Document();
        okByShape.forEach((s, n) -> shapes.append(s.key(), n));
        Document costs = new Document();
        cost.forEach((c, a) -> costs.append(escape(c), a));
        Document scored = new Document();
        scoredBy.forEach((s, n) -> scored.append(escape(s), n));
        Document scoreCosts = new Document();
        scoreCost.forEach((s, byCurrency) -> {
            Document d = new Document();
            byCurrency.forEach((c, a) -> d.append(escape(c), a));
            scoreCosts.append(escape(s), d);
        });
        return new Document("responded", responded).append("failed", failed).append("cached", cached)
                .append("items", scoredItems).append("cost", costs).append("shapes", shapes).append("scored", scored)
                .append("scoreCost", scoreCosts);
    }

    /** Whether the counts a status depends on are the same (costs may differ in their last bits). */
    boolean sameCounts(RunTally other) {
        return responded == other.responded && failed == other.failed && cached == other.cached
                && scoredItems == other.scoredItems && nonZero(okByShape).equals(nonZero(other.okByShape))
                && nonZero(scoredBy).equals(nonZero(other.scoredBy));
    }

    private static <K> Map<K, Long> nonZero(Map<K, Long> counts) {
        Map<K, Long> m = new HashMap<>(counts);
        m.values().removeIf(n -> n == 0);
        return m;
    }

    private static Document sub(Document d, String name) {
        Document sub = d.get(name, Document.class);
        return sub == null ? new Document() : sub;
    }

    private static Number number(Object o) {
        return o == null ? 0 : (Number) o;
    }

    static String escape(String s) {
        if (s.isEmpty()) {
            return "~";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('~').append(String.format("%04x", (int) c));
            }
        }
        return out.toString();
    }

    static String unescape(String s) {
        if (s.equals("~")) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '~') {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
