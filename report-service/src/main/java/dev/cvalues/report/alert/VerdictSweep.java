package dev.cvalues.report.alert;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.events.AlertEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.compare.CompareQuery;
import dev.cvalues.report.compare.RunComparison;
import dev.cvalues.report.compare.Thresholds;
import dev.cvalues.report.evaluation.EvaluationPolicy;
import dev.cvalues.report.evaluation.Policies;
import dev.cvalues.report.run.RunProgress;
import dev.cvalues.report.scorecard.ScorecardQuery;
import dev.cvalues.report.scorecard.ScorecardRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Gives every completed run of a versioned model (one with a subject) its verdict against the model's baseline:
 * the policy's baseline version, else the model's last accepted run (verdict baseline, unchanged or improved).
 * The verdict is stored in {@code alerts} (id = run id, with one delivery per webhook), published on
 * cvalues.alerts, and marked on the run last, so a crash in between only repeats the work. The model's
 * latest-score gauges follow each completed run.
 */
@ApplicationScoped
public class VerdictSweep {

    private static final Logger LOG = Logger.getLogger(VerdictSweep.class);
    private static final List<String> ACCEPTED = List.of(AlertEvent.Verdict.BASELINE.name().toLowerCase(),
            RunComparison.UNCHANGED, RunComparison.IMPROVED);

    private final Collections collections;
    private final Policies policies;
    private final CompareQuery compare;
    private final ScorecardQuery scorecards;
    private final LatestScores latest;
    private final MeterRegistry registry;
    private final MutinyEmitter<String> alerts;

    public VerdictSweep(Collections collections, Policies policies, CompareQuery compare, ScorecardQuery scorecards,
            LatestScores latest, MeterRegistry registry, @Channel("alerts-out") MutinyEmitter<String> alerts) {
        this.collections = collections;
        this.policies = policies;
        this.compare = compare;
        this.scorecards = scorecards;
        this.latest = latest;
        this.registry = registry;
        this.alerts = alerts;
    }

    @Scheduled(every = "${cvalues.report.progress-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        List<Document> due = collections.runs().find(Filters.and(Filters.eq("status", RunProgress.COMPLETE),
                Filters.ne("subject.model", null), Filters.eq("verdict", null))).sort(Sorts.ascending("completedAt"))
                .limit(20).into(new ArrayList<>());
        for (Document run : due) {
            try {
                judge(run);
            } catch (RuntimeException e) {
                LOG.warnf(e, "verdict of run %s failed; retried on the next pass", run.getString("_id"));
            }
        }
    }

    void judge(Document run) {
        String runId = run.getString("_id");
        Document subject = run.get("subject", Document.class);
        String model = subject.getString("model");
        String version = subject.getString("version");
        EvaluationPolicy policy = policies.find(model).orElse(null);
        Thresholds thresholds = policy == null ? Thresholds.DEFAULT : policy.thresholdsOrDefault();
        List<ScorecardRow> rows = scorecards.scorecard(runId);
        Document base = baseline(runId, model, policy == null ? null : policy.baseline());

        AlertEvent event;
        if (base == null) {
            // a first version becomes the baseline only if it was read well enough to be one
            List<AlertEvent.CoverageGap> gaps = CompareQuery.firstVersionGaps(rows, thresholds.minCoverageOrDefault());
            event = new AlertEvent(1, runId, model, version, null, null, runId, gaps.isEmpty()
                    ? AlertEvent.Verdict.BASELINE : AlertEvent.Verdict.INCONCLUSIVE, List.of(), Instant.now(),
                    gaps.isEmpty() ? null : gaps);
        } else {
            RunComparison comparison = compare.compare(base.getString("_id"), runId, rows, thresholds);
            List<AlertEvent.Change> changes = comparison.cells().stream()
                    .filter(c -> c.change().equals(RunComparison.REGRESSED) || c.change().equals(RunComparison.IMPROVED))
                    .map(c -> new AlertEvent.Change(c.suite(), c.category(), c.scorer(), c.metric(), c.change(), c.base(),
                            c.baseN(), c.candidate(), c.candidateN(), c.difference(), c.low(), c.high(), c.pValue(),
                            c.adjustedPValue())).toList();
            event = new AlertEvent(1, runId, model, version, base.get("subject", Document.class).getString("version"),
                    base.getString("_id"), runId, AlertEvent.Verdict.valueOf(comparison.verdict().toUpperCase()), changes,
                    Instant.now(), comparison.coverage());
        }
        String json = EventCodec.encode(event);
        String verdict = event.verdict().name().toLowerCase();
        List<Document> deliveries = (policy == null || policy.webhooks() == null ? List.<String>of() : policy.webhooks())
                .stream().map(url -> new Document("url", url).append("secretRef", policy.webhookSecretRef())
                        .append("state", WebhookDeliveries.PENDING)
                        .append("attempts", 0).append("nextAttemptAt", new Date())).toList();
        collections.alerts().updateOne(Filters.eq("_id", runId), Updates.combine(
                Updates.set("event", Document.parse(json)), Updates.set("eventJson", json),
                Updates.set("model", model), Updates.set("version", version), Updates.set("verdict", verdict),
                Updates.setOnInsert("createdAt", new Date()), Updates.setOnInsert("deliveries", deliveries)),
                new UpdateOptions().upsert(true));
        alerts.sendMessage(Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(model).build())).await().atMost(Duration.ofSeconds(30));
        snapshot(run, model, version, rows);
        latest.update(model, version, rows);
        registry.counter("cvalues.report.alerts", "verdict", verdict).increment();
        collections.runs().updateOne(Filters.eq("_id", runId), Updates.set("verdict", new Document("verdict", verdict)
                .append("baseRunId", event.baseRunId()).append("baselineVersion", event.baselineVersion())
                .append("changes", event.changes().size())
                .append("coverageGaps", event.coverage() == null ? 0 : event.coverage().size()).append("at", new Date())));
        LOG.infof("run %s of %s %s: %s%s", runId, model, version, verdict,
                event.baseRunId() == null ? "" : " against " + event.baseRunId() + " (" + event.changes().size()
                        + " significant changes)");
    }

    /** The run's scorecard as it completed, one document per cell (no difficulty breakdown), for histories. */
    private void snapshot(Document run, String model, String version, List<ScorecardRow> rows) {
        List<ReplaceOneModel<Document>> writes = new ArrayList<>();
        for (ScorecardRow r : rows) {
            if (r.difficulty() != null) {
                continue;
            }
            String id = String.join(":", run.getString("_id"), r.suite(), r.category(), r.scorer(), r.metric());
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
                    .append("runId", run.getString("_id")).append("model", model).append("version", version)
                    .append("completedAt", run.getDate("completedAt")).append("suite", r.suite())
                    .append("category", r.category()).append("scorer", r.scorer()).append("metric", r.metric())
                    .append("value", r.value()).append("n", r.n()).append("ciLow", r.ciLow()).append("ciHigh", r.ciHigh())
                    .append("coverage", r.coverage())
                    .append("addition", r.addition()), new ReplaceOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            collections.scorecards().bulkWrite(writes);
        }
    }

    /** The run new ones are compared with, or null for a model's first evaluation. */
    private Document baseline(String runId, String model, String baselineVersion) {
        Bson filter = Filters.and(Filters.eq("subject.model", model), Filters.ne("_id", runId),
                Filters.eq("status", RunProgress.COMPLETE), Filters.in("verdict.verdict", ACCEPTED));
        if (baselineVersion != null) {
            filter = Filters.and(filter, Filters.eq("subject.version", baselineVersion));
        }
        return collections.runs().find(filter).sort(Sorts.descending("completedAt")).first();
    }
}
