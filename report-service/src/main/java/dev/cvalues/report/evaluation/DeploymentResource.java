package dev.cvalues.report.evaluation;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.report.Collections;
import dev.cvalues.report.api.ApiError;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The webhook a CD system calls when it deploys a model version: the model's evaluation policy becomes a run
 * of that version (through prompt-service), whose verdict against the baseline follows when it completes.
 * Idempotent per model and version: calling again returns the deployment's run, unless {@code rerun} is true.
 */
@Path("/api/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class DeploymentResource {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Logger LOG = Logger.getLogger(DeploymentResource.class);

    /**
     * @param model    the model's id (its policy's key)
     * @param version  the version deployed
     * @param endpoint where the version answers, for a policy whose model is no registered connection (an ad-hoc
     *                 endpoint, never with a credential); overrides the policy's
     * @param path     for a policy whose model is on a connection: a path under the connection's endpoint that the
     *                 connection allows (the version's route, e.g. /v2)
     * @param name     the provider's model name (overrides the policy's; default: the model id)
     * @param labels   free labels (environment, region, ...), kept with the run
     * @param rerun    true to evaluate a version that was evaluated already
     */
    public record Deployment(String model, String version, String endpoint, String name, Map<String, String> labels,
            Boolean rerun, String path) {

        public Deployment(String model, String version, String endpoint, String name, Map<String, String> labels,
                Boolean rerun) {
            this(model, version, endpoint, name, labels, rerun, null);
        }
    }

    private final Collections collections;
    private final Policies policies;
    private final PromptServiceClient prompts;

    public DeploymentResource(Collections collections, Policies policies, PromptServiceClient prompts) {
        this.collections = collections;
        this.policies = policies;
        this.prompts = prompts;
    }

    @RolesAllowed(Roles.RUNNER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A model version was deployed: start its evaluation (201 with the run; 200 when this "
            + "version was evaluated already)")
    public Response deployed(Deployment deployment) {
        if (deployment == null || deployment.model() == null || !ID.matcher(deployment.model()).matches()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "model", "model (1-100 letters, digits or . _ -) required");
        }
        if (deployment.version() == null || !ID.matcher(deployment.version()).matches()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "version", "version (1-100 letters, digits or . _ -) required");
        }
        EvaluationPolicy policy = policies.find(deployment.model()).orElseThrow(() -> ApiError.of(
                Response.Status.NOT_FOUND, "model", "no evaluation policy for model " + deployment.model()
                        + ": PUT /api/models/" + deployment.model() + "/policy first"));
        String connection = policy.model() == null ? null : policy.model().path("connection").asText(null);
        if (connection != null && deployment.endpoint() != null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "endpoint", "model " + deployment.model() + " is on connection "
                    + connection + ": a deployment gives no endpoint, only a path the connection allows (path)");
        }
        String id = deployment.model() + ":" + deployment.version();
        Document existing = collections.deployments().find(Filters.eq("_id", id)).first();
        if (existing != null && !Boolean.TRUE.equals(deployment.rerun())) {
            return Response.ok(view(existing)).build();
        }
        JsonNode started;
        try {
            started = prompts.startRun(runRequest(deployment, policy, RunSubject.DEPLOYMENT, id));
        } catch (PromptServiceClient.RunNotStarted e) {
            throw ApiError.of(e.status >= 500 ? Response.Status.BAD_GATEWAY : Response.Status.BAD_REQUEST, "policy",
                    "the evaluation run could not start: " + e.getMessage());
        }
        Document doc = new Document("_id", id).append("model", deployment.model())
                .append("version", deployment.version()).append("endpoint", deployment.endpoint())
                .append("path", deployment.path()).append("name", deployment.name()).append("trigger", RunSubject.DEPLOYMENT)
                .append("labels", deployment.labels() == null ? null : new Document(Map.copyOf(deployment.labels())))
                .append("runId", started.path("runId").asText())
                .append("expectedItems", started.path("expectedItems").asInt())
                .append("deployedAt", new Date());
        collections.deployments().replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true));
        LOG.infof("deployment %s: run %s started (%d items)", id, doc.getString("runId"), doc.getInteger("expectedItems"));
        return Response.status(Response.Status.CREATED).entity(view(doc)).build();
    }

    @GET
    @Operation(summary = "Recent deployments, newest first")
    public List<Map<String, Object>> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        collections.deployments().find().sort(Sorts.descending("deployedAt")).limit(Math.max(1, Math.min(limit, 500)))
                .forEach(d -> out.add(view(d)));
        return out;
    }

    private static Map<String, Object> view(Document d) {
        Document v = new Document(d);
        v.put("deploymentId", v.remove("_id"));
        return v;
    }

    /** The run request of a deployment: the policy's, with the deployment's endpoint or path, name and subject. */
    static JsonNode runRequest(Deployment deployment, EvaluationPolicy policy, String trigger, String deploymentId) {
        ObjectNode model = policy.model() == null ? EventCodec.mapper().createObjectNode()
                : ((ObjectNode) policy.model()).deepCopy();
        if (!model.has("provider") && !model.has("connection")) {
            model.put("provider", "openai");
        }
        if (deployment.endpoint() != null) {
            model.put("endpoint", deployment.endpoint());
        }
        if (deployment.path() != null) {
            model.put("path", deployment.path());
        }
        if (deployment.name() != null) {
            model.put("name", deployment.name());
        } else if (!model.has("name")) {
            model.put("name", deployment.model());
        }
        ObjectNode request = EventCodec.mapper().createObjectNode();
        request.set("model", model);
        request.set("suites", policy.suites());
        if (policy.judge() != null) {
            request.set("judge", policy.judge());
        }
        // a deployment's or a schedule's run exists to see the model as it is now: never from the response cache
        // unless the policy asks for it
        request.put("cache", Boolean.TRUE.equals(policy.cache()));
        request.set("subject", EventCodec.mapper().valueToTree(new RunSubject(deployment.model(), deployment.version(),
                deployment.labels(), trigger, deploymentId)));
        return request;
    }
}
