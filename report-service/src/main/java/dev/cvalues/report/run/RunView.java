package dev.cvalues.report.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A run as the API shows it. {@code counts.expected} is the number of prompts the run publishes;
 * {@code responded + failed} reach it when every item is accounted for; {@code scored} counts items with at
 * least one score, {@code cached} responses answered from the gateway's cache; {@code scoring} gives each
 * scorer's progress over the responses it applies to (and what its judge's calls cost); {@code cost} sums
 * the model's calls' costs per currency when the model has a price. {@code stall}: for a {@code stalled} run,
 * since when nothing moved, how many items are missing and which scorers are behind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String runId, String status, Map<String, Object> model, List<Map<String, Object>> suites,
        Counts counts, List<ScorerProgress> scoring, List<Map<String, Object>> cost, Instant startedAt,
        Instant publishedAt, Instant completedAt, String failure, Map<String, Object> subject,
        Map<String, Object> verdict, Map<String, Object> stall) {

    public record Counts(Integer expected, int responded, int failed, int scored, int cached) {
    }

    /** {@code cost}: what the scorer's scores cost per currency (a judge's calls at the judge's price). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScorerProgress(String scorerId, int scored, int applicable, List<Map<String, Object>> cost) {
    }

    @SuppressWarnings("unchecked")
    public static RunView of(Document d) {
        Document counts = d.get("counts", Document.class);
        Counts c = counts == null ? new Counts(d.getInteger("expectedItems"), 0, 0, 0, 0)
                : new Counts(counts.getInteger("expected"), counts.getInteger("responded"),
                        counts.getInteger("failed"), counts.getInteger("scored"), counts.getInteger("cached", 0));
        List<ScorerProgress> scoring = d.getList("scoring", Document.class, List.of()).stream()
                .map(s -> new ScorerProgress(s.getString("scorerId"), s.getInteger("scored"), s.getInteger("applicable"),
                        s.getList("cost", Document.class) == null ? null
                                : s.getList("cost", Document.class).stream().map(x -> (Map<String, Object>) x).toList()))
                .toList();
        List<Map<String, Object>> suites = d.getList("suites", Document.class, List.of()).stream()
                .map(s -> (Map<String, Object>) s).toList();
        List<Map<String, Object>> cost = d.getList("cost", Document.class, List.of()).stream()
                .map(x -> (Map<String, Object>) x).toList();
        return new RunView(d.getString("_id"), d.getString("status"), d.get("model", Document.class), suites, c,
                scoring, cost.isEmpty() ? null : cost, instant(d.getDate("startedAt")), instant(d.getDate("publishedAt")),
                instant(d.getDate("completedAt")), d.getString("failure"), d.get("subject", Document.class),
                d.get("verdict", Document.class), d.get("stall", Document.class));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
