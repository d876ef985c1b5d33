package dev.cvalues.report.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.report.Collections;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Re-runs on a schedule: a model whose policy has a {@code schedule} (Quartz cron) gets its latest deployed
 * version evaluated again at those times, as a run with trigger {@code schedule} whose verdict is taken like
 * any other. Each firing is recorded under a deterministic id (model:version:scheduled:minute), so several
 * report-service instances start one run between them.
 */
@ApplicationScoped
public class ScheduledRuns {

    private static final Logger LOG = Logger.getLogger(ScheduledRuns.class);

    private final Scheduler scheduler;
    private final Collections collections;
    private final Policies policies;
    private final PromptServiceClient prompts;

    public ScheduledRuns(Scheduler scheduler, Collections collections, Policies policies, PromptServiceClient prompts) {
        this.scheduler = scheduler;
        this.collections = collections;
        this.policies = policies;
        this.prompts = prompts;
    }

    void start(@Observes StartupEvent event) {
        collections.policies().find(Filters.ne("schedule", null))
                .forEach(d -> schedule(d.getString("_id"), d.getString("schedule")));
    }

    /** (Re)schedules a model's re-runs; a null cron stops them. */
    public void schedule(String model, String cron) {
        String job = "rerun-" + model;
        scheduler.unscheduleJob(job);
        if (cron != null) {
            scheduler.newJob(job).setCron(cron).setTask(execution -> rerun(model, execution)).schedule();
            LOG.infof("model %s: re-runs scheduled at '%s'", model, cron);
        }
    }

    void rerun(String model, ScheduledExecution execution) {
        try {
            rerun(model, execution.getScheduledFireTime());
        } catch (RuntimeException e) {
            LOG.warnf(e, "scheduled re-run of %s failed", model);
        }
    }

    /** Starts the re-run of this firing, unless another instance did; returns the run id or null. */
    String rerun(String model, Instant firedAt) {
        EvaluationPolicy policy = policies.find(model).orElse(null);
        Document latest = collections.deployments().find(Filters.and(Filters.eq("model", model),
                Filters.ne("runId", null), Filters.ne("trigger", RunSubject.SCHEDULE))).sort(Sorts.descending("deployedAt"))
                .first();
        if (policy == null || latest == null) {
            LOG.infof("scheduled re-run of %s skipped: %s", model, policy == null ? "no policy" : "nothing deployed yet");
            return null;
        }
        String version = latest.getString("version");
        String id = model + ":" + version + ":scheduled:" + firedAt.truncatedTo(ChronoUnit.MINUTES);
        try {
            collections.deployments().insertOne(new Document("_id", id).append("model", model)
                    .append("version", version).append("endpoint", latest.getString("endpoint"))
                    .append("path", latest.getString("path"))
                    .append("trigger", RunSubject.SCHEDULE).append("deployedAt", new Date()));
        } catch (MongoWriteException duplicate) {
            return null;
        }
        Document labels = latest.get("labels", Document.class);
        DeploymentResource.Deployment again = new DeploymentResource.Deployment(model, version,
                latest.getString("endpoint"), latest.getString("name"), labels == null ? null
                        : labels.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> String.valueOf(e.getValue()))), null, latest.getString("path"));
        try {
            JsonNode started = prompts.startRun(DeploymentResource.runRequest(again, policy, RunSubject.SCHEDULE, id));
            collections.deployments().updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.set("runId", started.path("runId").asText()),
                    Updates.set("expectedItems", started.path("expectedItems").asInt())));
            LOG.infof("scheduled re-run of %s %s: run %s", model, version, started.path("runId").asText());
            return started.path("runId").asText();
        } catch (PromptServiceClient.RunNotStarted e) {
            collections.deployments().updateOne(Filters.eq("_id", id), Updates.set("error", e.getMessage()));
            LOG.warnf("scheduled re-run of %s %s could not start: %s", model, version, e.getMessage());
            return null;
        }
    }
}
