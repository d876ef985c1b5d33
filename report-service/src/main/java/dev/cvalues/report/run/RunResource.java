package dev.cvalues.report.run;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cvalues.report.Collections;
import dev.cvalues.report.agreement.AgreementQuery;
import dev.cvalues.report.api.ApiError;
import dev.cvalues.report.scorecard.ScorecardQuery;
import dev.cvalues.report.scorecard.ScorecardRow;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class RunResource {

    /**
     * A run's scorecard: one row per suite × category × scorer × metric, category {@code all} first, and each
     * scorer's progress (items scored out of those it applies to).
     */
    public record Scorecard(String runId, String status, List<RunView.ScorerProgress> scorers,
            List<ScorecardRow> rows, List<AgreementQuery.Figure> agreement) {
    }

    private final Collections collections;
    private final ScorecardQuery scorecards;
    private final AgreementQuery agreement;

    public RunResource(Collections collections, ScorecardQuery scorecards, AgreementQuery agreement) {
        this.collections = collections;
        this.scorecards = scorecards;
        this.agreement = agreement;
    }

    @GET
    @Operation(summary = "Recent runs, newest first")
    public List<RunView> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        List<RunView> runs = new ArrayList<>();
        collections.runs().find().sort(Sorts.descending("startedAt")).limit(Math.max(1, Math.min(limit, 500)))
                .forEach(d -> runs.add(RunView.of(d)));
        return runs;
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "A run: status (running, complete, failed), counts, per-scorer progress")
    public RunView get(@PathParam("runId") String runId) {
        return RunView.of(find(runId));
    }

    @GET
    @Path("/{runId}/scorecard")
    @Operation(summary = "A run's scorecard: value and exact n per suite, category, scorer and metric")
    public Scorecard scorecard(@PathParam("runId") String runId) {
        Document run = find(runId);
        return new Scorecard(runId, run.getString("status"), RunView.of(run).scoring(), scorecards.scorecard(runId),
                agreement.agreement(runId));
    }

    @GET
    @Path("/{runId}/agreement")
    @Operation(summary = "Agreement of each scorer with the people who annotated the same items, and between "
            + "people: Cohen's kappa (binary), quadratic-weighted kappa and Spearman (1-10), each with its n")
    public List<AgreementQuery.Figure> agreement(@PathParam("runId") String runId) {
        find(runId);
        return agreement.agreement(runId);
    }

    private Document find(String runId) {
        Document run = collections.runs().find(Filters.eq("_id", runId)).first();
        if (run == null) {
            throw new WebApplicationException(Response.status(Response.Status.NOT_FOUND)
                    .type(MediaType.APPLICATION_JSON).entity(new ApiError("no run " + runId, "runId")).build());
        }
        return run;
    }
}
