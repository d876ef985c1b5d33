package dev.cvalues.report.evaluation;

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
public class PolicyResource {

    /** One evaluated version: its latest run, status and verdict. */
    public record VersionView(String version, String runId, String status, Date startedAt, Date completedAt,
            String verdict, String baseRunId) {
    }

    public record ModelView(String model, List<VersionView> versions) {
    }

    private final Policies policies;
    private final Collections collections;

    public PolicyResource(Policies policies, Collections collections) {
        this.policies = policies;
        this.collections = collections;
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

    @GET
    @Path("/{model}/policy")
    @Operation(summary = "The evaluation policy of a model")
    public EvaluationPolicy get(@PathParam("model") String model) {
        return policies.find(model).orElseThrow(() -> ApiError.of(Response.Status.NOT_FOUND, "model",
                "no policy for model " + model + ": PUT /api/models/" + model + "/policy"));
    }

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
        policies.save(model, policy);
        return policy;
    }
}
