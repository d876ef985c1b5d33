package dev.cvalues.prompts.run;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.cvalues.prompts.api.BadRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class RunResource {

    /** The answer to a submission: where the run's status will be (report-service) and how many items it has. */
    public record Submitted(String runId, int expectedItems, List<Map<String, Object>> suites) {
    }

    private final RunPlanner planner;
    private final RunPublisher publisher;
    private final RunStore store;
    private final Counter submitted;

    public RunResource(RunPlanner planner, RunPublisher publisher, RunStore store, MeterRegistry registry) {
        this.planner = planner;
        this.publisher = publisher;
        this.store = store;
        this.submitted = Counter.builder("cvalues.runs.submitted").description("Runs accepted").register(registry);
    }

    @RolesAllowed(Roles.RUNNER)
    @POST
    @Operation(summary = "Start a run: answers 202 at once, then publishes the run-started event and one prompt per item")
    public Response submit(RunRequest request) {
        RunPlan plan = planner.plan(request);
        publisher.submit(plan);
        submitted.increment();
        List<Map<String, Object>> suites = plan.suites().stream()
                .<Map<String, Object>>map(s -> Map.of("id", s.suiteId(), "version", s.version(), "items", s.items()))
                .toList();
        return Response.accepted(new Submitted(plan.runId(), plan.expectedItems(), suites)).build();
    }

    @RolesAllowed(Roles.RUNNER)
    @POST
    @Path("/{runId}/retry-failed")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Re-run only the run's failed items: their prompts are published again, the new "
            + "responses replace the failures")
    public Response retryFailed(@PathParam("runId") String runId) {
        RunStore.StoredRun run = store.stored(runId).orElseThrow(() -> new BadRequestException(
                Response.Status.NOT_FOUND, "runId", "no run " + runId));
        return Response.accepted(Map.of("runId", runId, "retried", publisher.retryFailed(run))).build();
    }

    @GET
    @Path("/{runId}/publication")
    @Operation(summary = "Whether the run's prompts are still being published, all published, or failed")
    public Map<String, Object> publication(@PathParam("runId") String runId) {
        Document run = store.find(runId).orElseThrow(() -> new BadRequestException(Response.Status.NOT_FOUND,
                "runId", "no run " + runId));
        return Map.of("runId", runId, "state", run.getString("state"),
                "expectedItems", run.getInteger("expectedItems"),
                "published", run.getInteger("published", 0));
    }
}
