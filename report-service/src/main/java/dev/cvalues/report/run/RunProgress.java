package dev.cvalues.report.run;

import com.mongodb.MongoException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.cvalues.contracts.Topics;
import dev.cvalues.report.Collections;
import dev.cvalues.report.ReportConfig;
import dev.cvalues.report.materialise.BatchMaterialiser;
import dev.cvalues.report.materialise.ResponseEvents;
import dev.cvalues.report.materialise.ScoreEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Keeps each run's counts and status true without recounting on the hot path. The materialisers keep a
 * {@link RunTally} on the run document: each batch reads what its items and scores were before it writes them and
 * adds ({@code $inc}) only what changed, after the documents are written and before the batch is acknowledged,
 * so a redelivered event counts nothing. A pass shortly after such a batch (and once per {@code progress-interval})
 * derives the changed runs' counts, scoring and status from their tallies (one read of the run document each), so
 * a run's completion is noticed about 0.1 s after its last reading is written. A full recount of the run's
 * documents remains as the consistency check: before a run is declared finished ({@code confirm-finish}), at
 * start-up for the runs still running (a crash between a batch's writes and its tally leaves the tally short), for
 * a tally that did not count from the run's start, and for a run that stalled. A recount excludes the materialisers, so no increment
 * falls between what it reads and what it stores.
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
    /** Set on a tally that counted from the run's start or that a recount rebuilt. */
    public static final String TALLY_EXACT = RunTally.FIELD + ".exact";

    private static final Duration PASS_DELAY = Duration.ofMillis(100);

    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-progress");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean passPending = new AtomicBoolean();
    private final Set<String> toRecount = ConcurrentHashMap.newKeySet();
    /** Batches that change tallies hold it shared; a recount holds it alone. */
    private final ReadWriteLock counting = new ReentrantReadWriteLock();
    private final Collections collections;
    private final ScorerRegistry scorers;
    private final MeterRegistry registry;

    private final ReportConfig config;
    private final BatchMaterialiser materialiser;

    public RunProgress(Collections collections, ScorerRegistry scorers, MeterRegistry registry, ReportConfig config,
            BatchMaterialiser materialiser) {
        this.materialiser = materialiser;
        this.collections = collections;
        this.scorers = scorers;
        this.registry = registry;
        this.config = config;
    }

    /** Runs that have not moved for the stall time are recounted, and marked stalled if they still have not. */
    @Scheduled(every = "${cvalues.report.stall-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void findStalled() {
        Date cutoff = new Date(System.currentTimeMillis() - config.stallAfter().toMillis());
        collections.runs().find(Filters.and(Filters.eq("status", RUNNING), Filters.lt("progressAt", cutoff)))
                .projection(new Document("_id", 1)).forEach(d -> recountSoon(d.getString("_id")));
    }

    public void touch(String runId) {
        dirty.add(runId);
    }

    /** For a batch whose tally changes are uncertain: its runs are recounted from their documents. */
    public void recount(Collection<String> runIds) {
        runIds.forEach(this::recountSoon);
        passSoon();
    }

    /**
     * For an insert that an earlier, failed attempt may have written in part: which of its elements are new is not
     * known for certain, so their runs are recounted from their documents.
     */
    public <T> void recountIfUncertain(BatchMaterialiser.Inserted<T> inserted, Function<T, String> runOf) {
        if (!inserted.certain()) {
            Set<String> runIds = new HashSet<>();
            inserted.fresh().forEach(e -> runIds.add(runOf.apply(e)));
            inserted.stored().forEach(e -> runIds.add(runOf.apply(e)));
            recount(runIds);
        }
    }

    private void recountSoon(String runId) {
        toRecount.add(runId);
        dirty.add(runId);
    }

    /** Runs one batch's before-image reads, writes and tally changes so that no recount falls in between. */
    public <T> T counting(Supplier<T> batch) {
        counting.readLock().lock();
        try {
            return batch.get();
        } finally {
            counting.readLock().unlock();
        }
    }

    /**
     * Adds a written batch's changes to its runs' tallies. Should that fail, the runs are recounted instead:
     * their documents are written, so the recount finds them.
     */
    public void apply(RunTally.Delta delta) {
        if (delta.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> increments = new ArrayList<>();
        delta.byRun().forEach((runId, inc) -> increments.add(new UpdateOneModel<>(Filters.eq("_id", runId),
                Updates.combine(new Document("$inc", inc), ScoreEvents.CREATED_MARKED_APART),
                new UpdateOptions().upsert(true))));
        try {
            collections.runs().bulkWrite(increments, new BulkWriteOptions().ordered(false));
            dirty.addAll(delta.byRun().keySet());
        } catch (MongoException e) {
            LOG.warnf(e, "cannot add a batch to the tallies of runs %s; recounting them", delta.byRun().keySet());
            delta.byRun().keySet().forEach(this::recountSoon);
        }
        passSoon();
    }

    /**
     * A pass {@link #PASS_DELAY} after the first batch that asks for one, so that a run's last reading is seen as
     * it lands; the batches meanwhile share that pass.
     */
    private void passSoon() {
        if (passPending.compareAndSet(false, true)) {
            passes.schedule(() -> {
                passPending.set(false);
                refresh();
            }, PASS_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stopPasses() {
        passes.shutdownNow();
    }

    void recheckRunning(@Observes StartupEvent event) {
        collections.runs().find(Filters.eq("status", RUNNING)).projection(new Document("_id", 1))
                .forEach(d -> recountSoon(d.getString("_id")));
    }

    /** Also every {@code progress-interval}: for runs a batch could not add to, and for stalls. */
    @Scheduled(every = "${cvalues.report.progress-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        for (Iterator<String> it = dirty.iterator(); it.hasNext();) {
            String runId = it.next();
            it.remove();
            boolean recount = toRecount.remove(runId);
            try {
                refresh(runId, recount);
            } catch (RuntimeException e) {
                dirty.add(runId);
                if (recount) {
                    toRecount.add(runId);
                }
                LOG.errorf(e, "cannot refresh the progress of run %s; will retry", runId);
            }
        }
    }

    private void refresh(String runId, boolean recount) {
        Document run = collections.runs().find(Filters.eq("_id", runId)).first();
        RunTally tally = RunTally.of(run);
        boolean exact = run != null && Boolean.TRUE.equals(run.getEmbedded(List.of(RunTally.FIELD, "exact"), Boolean.class));
        Progress progress = progress(run, tally);
        boolean finishing = config.confirmFinish() && progress.finished() && (run == null || run.get("completedAt") == null);
        if (!recount && !finishing && exact) {
            store(runId, run, progress, null);
            return;
        }
        counting.writeLock().lock();
        try {
            run = collections.runs().find(Filters.eq("_id", runId)).first();
            RunTally counted = recount(runId, run);
            if (exact && !counted.sameCounts(RunTally.of(run))) {
                LOG.warnf("run %s: its tally differed from a recount (a crash or a concurrent redelivery); repaired", runId);
            }
            store(runId, run, progress(run, counted), counted);
        } finally {
            counting.writeLock().unlock();
        }
    }

    /**
     * One pass over the run's items and one over its scores. Scored items are counted as the batches count them: by
     * their markers. A crash between a batch's scores and its markers leaves scores without markers, which that
     * batch's redelivery marks and counts; a recount that counted them too would count them twice.
     */
    private RunTally recount(String runId, Document run) {
        RunTally t = new RunTally();
        for (Document g : collections.items().aggregate(List.of(Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.group(new Document("state", "$state").append("kind", "$kind").append("choices", "$choices")
                        .append("cached", "$response.cached").append("currency", "$response.cost.currency"),
                        Accumulators.sum("n", 1), Accumulators.sum("amount", "$response.cost.amount"))))) {
            Document key = g.get("_id", Document.class);
            int n = g.getInteger("n");
            if (ResponseEvents.RESPONDED.equals(key.getString("state"))) {
                t.responded += n;
                t.okByShape.merge(new RunTally.Shape(key.getString("kind"), key.getList("choices", String.class)),
                        (long) n, Long::sum);
                if (Boolean.TRUE.equals(key.getBoolean("cached"))) {
                    t.cached += n;
                }
                String currency = key.getString("currency");
                if (currency != null) {
                    t.cost.merge(currency, ((Number) g.get("amount")).doubleValue(), Double::sum);
                }
            } else if (ResponseEvents.FAILED.equals(key.getString("state"))) {
                t.failed += n;
            }
        }
        boolean markedApart = run != null && Boolean.TRUE.equals(run.getBoolean(ScoreEvents.MARKED_APART));
        List<Facet> facets = new ArrayList<>(List.of(new Facet("byScorer", Aggregates.group(
                new Document("scorer", "$scorerId").append("currency", "$cost.currency"), Accumulators.sum("n", 1),
                Accumulators.sum("amount", "$cost.amount")))));
        if (!markedApart) {
            facets.add(new Facet("items", Aggregates.group("$itemId")));
        }
        Document grouped = collections.scores().aggregate(List.of(Aggregates.match(Filters.eq("runId", runId)),
                Aggregates.facet(facets))).first();
        for (Document g : grouped == null ? List.<Document>of() : grouped.getList("byScorer", Document.class)) {
            Document key = g.get("_id", Document.class);
            t.scoredBy.merge(key.getString("scorer"), (long) g.getInteger("n"), Long::sum);
            if (key.getString("currency") != null) {
                t.scoreCost.computeIfAbsent(key.getString("scorer"), k -> new TreeMap<>())
                        .merge(key.getString("currency"), ((Number) g.get("amount")).doubleValue(), Double::sum);
            }
        }
        if (!markedApart && run != null) {
            markApart(runId, grouped == null ? List.of() : grouped.getList("items", Document.class).stream()
                    .map(d -> d.getString("_id")).toList());
        }
        t.scoredItems = collections.scoredItems().countDocuments(Filters.eq("runId", runId));
        return t;
    }

    /**
     * A run of a store written before {@link ScoreEvents#MARKED_APART} gets a marker for every item it has a score
     * of, and the flag: from then on its batches and recounts count markers alone, like every other run's.
     */
    private void markApart(String runId, List<String> scoredItemIds) {
        materialiser.insert(collections.scoredItems(), scoredItemIds,
                itemId -> new Document("_id", Topics.itemKey(runId, itemId)).append("runId", runId));
        collections.runs().updateOne(Filters.eq("_id", runId), Updates.set(ScoreEvents.MARKED_APART, true));
    }

    /** What the run document shows, derived from a tally. */
    private record Progress(Document counts, List<Document> scoring, List<Document> cost, String status) {
        boolean finished() {
            return !RUNNING.equals(status);
        }
    }

    private Progress progress(Document run, RunTally t) {
        List<Document> scoring = new ArrayList<>();
        boolean scoringDone = true;
        for (ScorerRegistry.KnownScorer scorer : scorers.all()) {
            long applicable = t.okByShape.entrySet().stream()
                    .filter(e -> scorer.appliesTo(e.getKey().kind(), e.getKey().choices()))
                    .mapToLong(Map.Entry::getValue).sum();
            long done = t.scoredBy.getOrDefault(scorer.id(), 0L);
            if (applicable == 0 && done == 0) {
                continue;
            }
            scoringDone &= done >= applicable;
            Map<String, Double> costs = t.scoreCost.get(scorer.id());
            scoring.add(new Document("scorerId", scorer.id()).append("scored", (int) done)
                    .append("applicable", (int) applicable).append("cost", costs == null ? null : costList(costs)));
        }
        Integer expected = run == null ? null : run.getInteger("expectedItems");
        Document counts = new Document("expected", expected).append("responded", (int) t.responded)
                .append("failed", (int) t.failed).append("scored", (int) t.scoredItems).append("cached", (int) t.cached);
        return new Progress(counts, scoring, costList(t.cost),
                status(run, expected, (int) t.responded, (int) t.failed, scoringDone));
    }

    private static List<Document> costList(Map<String, Double> byCurrency) {
        List<Document> list = new ArrayList<>();
        byCurrency.forEach((currency, amount) -> list.add(new Document("currency", currency).append("amount", amount)));
        return list;
    }

    /** Stores counts and status if they changed, and the tally a recount rebuilt ({@code counted}) if any. */
    private void store(String runId, Document run, Progress p, RunTally counted) {
        String status = p.status();
        List<Document> scoring = p.scoring();
        Date now = new Date();
        boolean progressed = run == null || !Objects.equals(run.get("counts"), p.counts())
                || !Objects.equals(run.get("scoring"), scoring);
        Date progressAt = progressed || run.getDate("progressAt") == null ? now : run.getDate("progressAt");
        Document stall = null;
        if (RUNNING.equals(status) && now.getTime() - progressAt.getTime() >= config.stallAfter().toMillis()) {
            // nothing has moved for the stall time: say so, and what is missing; a later event can still complete it
            status = STALLED;
            Integer expected = p.counts().getInteger("expected");
            List<String> behind = scoring.stream().filter(d -> d.getInteger("scored") < d.getInteger("applicable"))
                    .map(d -> d.getString("scorerId") + " " + d.getInteger("scored") + "/" + d.getInteger("applicable"))
                    .toList();
            stall = new Document("since", progressAt).append("missingItems", expected == null ? null
                    : Math.max(0, expected - p.counts().getInteger("responded") - p.counts().getInteger("failed")))
                    .append("scorersBehind", behind).append("published", run != null && run.getDate("publishedAt") != null);
        }
        boolean changed = run == null || progressed || !status.equals(run.getString("status"))
                || !Objects.equals(run.get("cost"), p.cost()) || !Objects.equals(run.get("stall"), stall);
        if (!changed && counted == null) {
            return;
        }
        var update = new ArrayList<>(List.of(Updates.set("counts", p.counts()), Updates.set("scoring", scoring),
                Updates.set("status", status), Updates.set("cost", p.cost()), Updates.set("stall", stall),
                Updates.set("progressAt", progressAt)));
        if (counted != null) {
            update.add(Updates.set(RunTally.FIELD, counted.toDocument().append("exact", true)));
        }
        if (!status.equals(RUNNING) && !status.equals(STALLED) && (run == null || run.get("completedAt") == null)) {
            update.add(Updates.set("completedAt", new Date()));
            registry.counter("cvalues.report.runs.finished", "status", status).increment();
        }
        update.add(ScoreEvents.CREATED_MARKED_APART);
        collections.runs().updateOne(Filters.eq("_id", runId), Updates.combine(update), new UpdateOptions().upsert(true));
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
