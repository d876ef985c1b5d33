package dev.cvalues.report.evaluation;

import dev.cvalues.platform.egress.Egress;
import dev.cvalues.platform.secret.CredentialRef;
import dev.cvalues.platform.secret.SecretsConfig;
import dev.cvalues.report.ReportConfig;
import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cvalues.report.Collections;
import dev.cvalues.report.api.ApiError;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Models: their evaluation policies, and the versions evaluated so far with their verdicts. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class PolicyResource {

    /** One evaluated version: its latest run, status and verdict. */
    public record VersionView(String version, String runId, String status, Date startedAt, Date completedAt,
            String verdict, String baseRunId) {
    }

    public record ModelView(String model, List<VersionView> versions) {
    }

    private final Policies policies;
    private final Collections collections;
    private final ScheduledRuns scheduledRuns;
    private final Egress egress;
    private final SecretsConfig secrets;
    private final ReportConfig config;

    public PolicyResource(Policies policies, Collections collections, ScheduledRuns scheduledRuns, Egress egress,
            SecretsConfig secrets, ReportConfig config) {
        this.egress = egress;
        this.secrets = secrets;
        this.config = config;
        this.policies = policies;
        this.collections = collections;
        this.scheduledRuns = scheduledRuns;
    }

    @GET
    @Operation(summary = "Models with runs that name them (subject.model), and their versions, newest first")
    public List<ModelView> models() {
        List<ModelView> models = new ArrayList<>();
        for (Document g : collections.runs().aggregate(List.of(
                Aggregates.match(Filters.ne("subject.model", null)),
                Aggregates.sort(Sorts.descending("startedAt")),
                Aggregates.group(new Document("model", "$subject.model").append("version", "$subject.version"),
                        Accumulators.first("run", "$$ROOT")),
                Aggregates.sort(Sorts.descending("run.startedAt", "run.completedAt"))))) {
            String model = g.get("_id", Document.class).getString("model");
            Document run = g.get("run", Document.class);
            Document verdict = run.get("verdict", Document.class);
            VersionView version = new VersionView(g.get("_id", Document.class).getString("version"),
                    run.getString("_id"), run.getString("status"), run.getDate("startedAt"), run.getDate("completedAt"),
                    verdict == null ? null : verdict.getString("verdict"),
                    verdict == null ? null : verdict.getString("baseRunId"));
            ModelView view = models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
            if (view == null) {
                view = new ModelView(model, new ArrayList<>());
                models.add(view);
            }
            view.versions().add(version);
        }
        return models;
    }

    /** One cell of one version's scorecard as its run completed. */
    public record HistoryPoint(String version, String runId, Date completedAt, String suite, String category,
            double value, long n, Double ciLow, Double ciHigh) {
    }

    @GET
    @Path("/{model}/history")
    @Operation(summary = "A metric of a model across its evaluated versions, oldest first: value, n and interval per "
            + "suite and category, as each run completed")
    public List<HistoryPoint> history(@PathParam("model") String model, @QueryParam("scorer") String scorer,
            @QueryParam("metric") String metric) {
        if (scorer == null || metric == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, scorer == null ? "scorer" : "metric",
                    "scorer and metric required, e.g. ?scorer=mc-official&metric=acc");
        }
        List<HistoryPoint> points = new ArrayList<>();
        collections.scorecards().find(Filters.and(Filters.eq("model", model), Filters.eq("scorer", scorer),
                Filters.eq("metric", metric))).sort(Sorts.ascending("completedAt", "suite", "category"))
                .forEach(d -> points.add(new HistoryPoint(d.getString("version"), d.getString("runId"),
                        d.getDate("completedAt"), d.getString("suite"), d.getString("category"),
                        ((Number) d.get("value")).doubleValue(), ((Number) d.get("n")).longValue(), d.getDouble("ciLow"),
                        d.getDouble("ciHigh"))));
        return points;
    }

    @GET
    @Path("/{model}/policy")
    @Operation(summary = "The evaluation policy of a model")
    public EvaluationPolicy get(@PathParam("model") String model) {
        return policies.find(model).orElseThrow(() -> ApiError.of(Response.Status.NOT_FOUND, "model",
                "no policy for model " + model + ": PUT /api/models/" + model + "/policy"));
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/{model}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set how deployments of a model are evaluated: suites, model settings, judge, baseline, "
            + "thresholds, webhooks")
    public EvaluationPolicy put(@PathParam("model") String model, EvaluationPolicy policy) {
        if (!DeploymentResource.ID.matcher(model).matches()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "model", "model ids are 1-100 letters, digits or . _ -");
        }
        if (policy == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "suites", "a JSON policy is required");
        }
        String problem = policy.problem();
        if (problem != null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, problem.substring(0, problem.indexOf(problem.contains(":")
                    ? ':' : ' ')), problem);
        }
        checkWebhooks(policy);
        policies.save(model, policy);
        scheduledRuns.schedule(model, policy.schedule());
        return policy;
    }

    /** Webhook URLs the egress rules allow, at most max-webhooks of them, and a signing secret that resolves. */
    private void checkWebhooks(EvaluationPolicy policy) {
        List<String> hooks = policy.webhooks() == null ? List.of() : policy.webhooks();
        if (hooks.size() > config.maxWebhooks()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "webhooks", "at most " + config.maxWebhooks()
                    + " webhooks per policy (cvalues.report.max-webhooks)");
        }
        for (int i = 0; i < hooks.size(); i++) {
            String problem = egress.check(hooks.get(i)).orElse(null);
            if (problem != null) {
                throw ApiError.of(Response.Status.BAD_REQUEST, "webhooks[" + i + "]", "webhook refused: " + problem);
            }
        }
        if (policy.webhookSecretRef() != null) {
            try {
                CredentialRef.parse(policy.webhookSecretRef(), secrets).resolve(secrets, System::getenv);
            } catch (CredentialRef.Invalid e) {
                throw ApiError.of(Response.Status.BAD_REQUEST, "webhookSecretRef", e.getMessage());
            }
        }
    }
}
