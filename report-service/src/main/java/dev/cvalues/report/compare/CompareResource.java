package dev.cvalues.report.compare;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Filters;
import dev.cvalues.report.Collections;
import dev.cvalues.report.api.ApiError;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/compare")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class CompareResource {

    private final Collections collections;
    private final CompareQuery compare;

    public CompareResource(Collections collections, CompareQuery compare) {
        this.collections = collections;
        this.compare = compare;
    }

    @GET
    @Operation(summary = "Two runs compared per suite, category, scorer and metric: difference, 95% interval, "
            + "two-proportion test with Holm's correction over categories, and the verdict")
    public RunComparison compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate,
            @QueryParam("alpha") Double alpha, @QueryParam("minDelta") Double minDelta) {
        requireRun(base, "base");
        requireRun(candidate, "candidate");
        Thresholds thresholds = new Thresholds(alpha, minDelta, Map.of());
        if (thresholds.problem() != null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, alpha != null && thresholds.problem().contains("alpha") ? "alpha"
                    : "minDelta", thresholds.problem());
        }
        return compare.compare(base, candidate, thresholds);
    }

    private void requireRun(String runId, String field) {
        if (runId == null || runId.isBlank()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, field, field + " (a run id) required");
        }
        if (collections.runs().countDocuments(Filters.eq("_id", runId)) == 0) {
            throw ApiError.of(Response.Status.NOT_FOUND, field, "no run " + runId);
        }
    }
}
