package dev.cvalues.report.alert;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cvalues.report.Collections;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class AlertResource {

    private final Collections collections;

    public AlertResource(Collections collections) {
        this.collections = collections;
    }

    @GET
    @Operation(summary = "Verdicts of versioned runs, newest first: the AlertEvent and its webhook deliveries")
    public List<Map<String, Object>> list(@QueryParam("model") String model,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        collections.alerts().find(model == null ? new Document() : Filters.eq("model", model))
                .sort(Sorts.descending("createdAt")).limit(Math.max(1, Math.min(limit, 500)))
                .forEach(d -> out.add(d.get("event", Document.class).append("deliveries", d.get("deliveries"))));
        return out;
    }
}
