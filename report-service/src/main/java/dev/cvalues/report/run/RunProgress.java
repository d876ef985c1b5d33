package dev.cvalues.report.run;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.ScoreEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.ReportConfig;
import dev.cvalues.report.materialise.ResponseEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Keeps each run's counts and status true. Counts are never incremented per event (a redelivery would
 * count twice): they are recounted from the item and score documents, for the runs that received events
 * since the last pass, once per {@code progress-interval}. The run document is written only when something
 * changed. A recount reads the whole run, so a run is recounted again only after four times as long as its
 * last recount took: on a large run the recounts take at most a fifth of the database's time. A run this instance
 * saw every expected response and reading arrive for is recounted at the next pass whatever its pace, so its
 * completion is noticed within one interval of the last reading.
 * <p>
 * A run is {@code complete} when every expected item has a response or a failure and every known scorer
 * has scored every response it applies to; {@code failed} when it could not be published or every item
 * failed; {@code stalled} when it is neither and nothing has moved for {@code stall-after} (the run lists the
 * items still missing and the scorers behind; any later event can still complete it); {@code running} otherwise.
 */
@ApplicationScoped
public class RunProgress {

    private static final Logger LOG = Logger.getLogger(RunProgress.class);

    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    /** Nothing moved for the configured stall time: what is missing is listed; a later event can still complete it. */
    public static final String STALLED = "stalled";

    private static final int RECOUNT_SHARE = 4;

    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Per running run, what this instance saw arrive: when it may be complete. */
    private final Map<String, Hint> hints = new ConcurrentHashMap<>();
    /** Per run, when it may be recounted again (System.nanoTime). */
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    private final Collections collections;
    private final ScorerRegistry scorers;
    private final MeterRegistry registry;

    private final ReportConfig config;

    public RunProgress(Collections collections, ScorerRegistry scorers, MeterRegistry registry, ReportConfig config) {
        this.collections = collections;
        this.scorers = scorers;
        this.registry = registry;
        this.config = config;
    }

    /** Runs that have not moved for the stall time are looked at again, so that they are marked stalled. */
    @Scheduled(every = "${cvalues.report.stall-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void findStalled() {
        Date cutoff = new Date(System.currentTimeMillis() - config.stallAfter().toMillis());
        collections.runs().find(Filters.and(Filters.eq("status", RUNNING), Filters.lt("progressAt", cutoff)))
                .projection(new Document("_id", 1)).forEach(d -> dirty.add(d.getString("_id")));
    }

    public void touch(String runId) {
        dirty.add(runId);
    }

    /** Responses written for their runs: counted towards the hint that a run may be complete. */
    public void responded(List<ResponseEvent> events) {
        for (ResponseEvent e : events) {
            dirty.add(e.runId());
            Hint hint = hints.computeIfAbsent(e.runId(), id -> new Hint());
            hint.answered.incrementAndGet();
            if (e.outcome() == ResponseEvent.Outcome.OK) {
                hint.okByShape.merge(new Shape(e.item().kind().wireName(), e.item().choices()), 1L, Long::sum);
            }
        }
    }

    /** Scores (not people's annotations) written for their runs, likewise. */
    public void scored(List<ScoreEvent> events) {
        for (ScoreEvent e : events) {
            dirty.add(e.runId());
            Hint hint = hints.computeIfAbsent(e.runId(), id -> new Hint());
            if (e.annotator() == null && e.review() == null) {
                hint.scoredBy.merge(e.scorerId(), 1L, Long::sum);
            }
        }
    }

    void recheckRunning(@Observes StartupEvent event) {
        collections.runs().find(Filters.eq("status", RUNNING)).projection(new Document("_id", 1))
                .forEach(d -> dirty.add(d.getString("_id")));
    }

    @Scheduled(every = "${cvalues.report.progress-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long now = System.nanoTime();
        notBefore.values().removeIf(t -> t < now);
        for (Iterator<String> it = dirty.iterator(); it.hasNext();) {
            String runId = it.next();
            long start = System.nanoTime();
            Hint hint = hints.get(runId);
            if (start < notBefore.getOrDefault(runId, start) && (hint == null || !hint.mayBeComplete(scorers.all()))) {
                continue;
            }
            it.remove();
            try {
                refresh(runId);
                notBefore.put(runId, System.nanoTime() + RECOUNT_SHARE * (System.nanoTime() - start));
            } catch (RuntimeException e) {
                dirty.add(runId);
                LOG.errorf(e, "cannot refresh the progress of run %s; will retry", runId);
            }
        }
    }

    /** Recounts one run now and stores its counts and status if they changed. */
    public void refresh(String runId) {
        Document run = collections.runs().find(Filters.eq("_id", runId)).first();
        // one pass over the run's items: per state and shape (kind, choices: what decides which scorers apply),
        // and for responses whether they were cached and what they cost per currency
        Map<Document, Integer> respondedByShape = new HashMap<>();
        int responded = 0;
        int failed = 0;
        int cached = 0;
        List<Document> costs = new ArrayList<>();
        for (Document g : collections.items().aggregate(List.of(Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.group(new Document("state", "$state").append("kind", "$kind").append("choices", "$choices")
                        .append("cached", "$response.cached").append("currency", "$response.cost.currency"),
                        Accumulators.sum("n", 1), Accumulators.sum("amount", "$response.cost.amount"))))) {
            Document key = g.get("_id", Document.class);
            int n = g.getInteger("n");
            if (ResponseEvents.RESPONDED.equals(key.getString("state"))) {
                responded += n;
                respondedByShape.merge(new Document("kind", key.getString("kind")).append("choices", key.get("choices")),
                        n, Integer::sum);
                if (Boolean.TRUE.equals(key.getBoolean("cached"))) {
                    cached += n;
                }
                String currency = key.getString("currency");
                if (currency != null) {
                    double amount = ((Number) g.get("amount")).doubleValue();
                    Document same = costs.stream().filter(c -> currency.equals(c.getString("currency"))).findFirst()
                            .orElse(null);
                    if (same == null) {
                        costs.add(new Document("currency", currency).append("amount", amount));
                    } else {
                        same.put("amount", same.getDouble("amount") + amount);
                    }
                }
            } else if (ResponseEvents.FAILED.equals(key.getString("state"))) {
                failed += n;
            }
        }
        // one pass over the run's scores: per scorer, scores and what they cost per currency (judges' calls); and
        // how many items have any score
        Map<String, Integer> scoredBy = new TreeMap<>();
        Map<String, List<Document>> costBy = new TreeMap<>();
        Document facets = collections.scores().aggregate(List.of(Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.facet(
                        new Facet("byScorer", Aggregates.group(new Document("scorer", "$scorerId")
                                .append("currency", "$cost.currency"), Accumulators.sum("n", 1),
                                Accumulators.sum("amount", "$cost.amount"))),
                        new Facet("items", Aggregates.group("$itemId"), Aggregates.count("n"))))).first();
        for (Document g : facets == null ? List.<Document>of() : facets.getList("byScorer", Document.class)) {
            Document key = g.get("_id", Document.class);
            scoredBy.merge(key.getString("scorer"), g.getInteger("n"), Integer::sum);
            if (key.getString("currency") != null) {
                costBy.computeIfAbsent(key.getString("scorer"), k -> new ArrayList<>()).add(new Document("currency",
                        key.getString("currency")).append("amount", ((Number) g.get("amount")).doubleValue()));
            }
        }
        List<Document> distinct = facets == null ? List.of() : facets.getList("items", Document.class);
        int scored = distinct.isEmpty() ? 0 : distinct.get(0).getInteger("n");

        List<Document> scoring = new ArrayList<>();
        boolean scoringDone = true;
        for (ScorerRegistry.KnownScorer scorer : scorers.all()) {
            int applicable = respondedByShape.entrySet().stream()
                    .filter(e -> scorer.appliesTo(e.getKey().getString("kind"), e.getKey().getList("choices", String.class)))
                    .mapToInt(Map.Entry::getValue).sum();
            int done = scoredBy.getOrDefault(scorer.id(), 0);
            if (applicable == 0 && done == 0) {
                continue;
            }
            scoringDone &= done >= applicable;
            scoring.add(new Document("scorerId", scorer.id()).append("scored", done).append("applicable", applicable)
                    .append("cost", costBy.get(scorer.id())));
        }

        Integer expected = run == null ? null : run.getInteger("expectedItems");
        Document counts = new Document("expected", expected).append("responded", responded).append("failed", failed)
                .append("scored", scored).append("cached", cached);
        String status = status(run, expected, responded, failed, scoringDone);
        Date now = new Date();
        boolean progressed = run == null || !Objects.equals(run.get("counts"), counts)
                || !Objects.equals(run.get("scoring"), scoring);
        Date progressAt = progressed || run.getDate("progressAt") == null ? now : run.getDate("progressAt");
        Document stall = null;
        if (RUNNING.equals(status) && now.getTime() - progressAt.getTime() >= config.stallAfter().toMillis()) {
            // nothing has moved for the stall time: say so, and what is missing; a later event can still complete it
            status = STALLED;
            List<String> behind = scoring.stream().filter(d -> d.getInteger("scored") < d.getInteger("applicable"))
                    .map(d -> d.getString("scorerId") + " " + d.getInteger("scored") + "/" + d.getInteger("applicable"))
                    .toList();
            stall = new Document("since", progressAt).append("missingItems", expected == null ? null
                    : Math.max(0, expected - responded - failed)).append("scorersBehind", behind)
                    .append("published", run != null && run.getDate("publishedAt") != null);
        }
        if (RUNNING.equals(status) || STALLED.equals(status)) {
            hints.computeIfAbsent(runId, id -> new Hint()).expected = expected == null ? Long.MAX_VALUE : expected;
        } else {
            hints.remove(runId);
        }
        boolean changed = run == null || progressed || !status.equals(run.getString("status"))
                || !Objects.equals(run.get("cost"), costs) || !Objects.equals(run.get("stall"), stall);
        if (!changed) {
            return;
        }
        var update = new ArrayList<>(List.of(Updates.set("counts", counts), Updates.set("scoring", scoring),
                Updates.set("status", status), Updates.set("cost", costs), Updates.set("stall", stall),
                Updates.set("progressAt", progressAt)));
        if (!status.equals(RUNNING) && !status.equals(STALLED) && (run == null || run.get("completedAt") == null)) {
            update.add(Updates.set("completedAt", new Date()));
            registry.counter("cvalues.report.runs.finished", "status", status).increment();
        }
        collections.runs().updateOne(Filters.eq("_id", runId), Updates.combine(update), new UpdateOptions().upsert(true));
    }

    private record Shape(String kind, List<String> choices) {
    }

    /**
     * Events this instance wrote for a run while it runs, counted as they arrive: a redelivery counts
     * twice and another instance's events not at all, so this only says when to recount early (a recount the
     * last reading triggers notices completion at once), never what the counts are.
     */
    private static final class Hint {
        volatile long expected = Long.MAX_VALUE;
        final AtomicLong answered = new AtomicLong();
        final Map<Shape, Long> okByShape = new ConcurrentHashMap<>();
        final Map<String, Long> scoredBy = new ConcurrentHashMap<>();

        boolean mayBeComplete(List<ScorerRegistry.KnownScorer> known) {
            if (answered.get() < expected) {
                return false;
            }
            for (ScorerRegistry.KnownScorer scorer : known) {
                long applicable = okByShape.entrySet().stream()
                        .filter(e -> scorer.appliesTo(e.getKey().kind(), e.getKey().choices()))
                        .mapToLong(Map.Entry::getValue).sum();
                if (scoredBy.getOrDefault(scorer.id(), 0L) < applicable) {
                    return false;
                }
            }
            return true;
        }
    }

    static String status(Document run, Integer expected, int responded, int failed, boolean scoringDone) {
        if (run != null && run.getString("failure") != null) {
            return FAILED;
        }
        if (expected == null || responded + failed < expected || !scoringDone) {
            return RUNNING;
        }
        return responded == 0 && expected > 0 ? FAILED : COMPLETE;
    }
}
