package dev.cvalues.prompts.suite;

import dev.cvalues.prompts.api.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/suites")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {

    private final SuiteRepository repository;

    public SuiteResource(SuiteRepository repository) {
        this.repository = repository;
    }

    @GET
    @Operation(summary = "Every stored suite version, with item counts per category and kind")
    public List<Suite> list() {
        return repository.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One suite: the given version, or the latest imported")
    public Suite get(@PathParam("id") String id, @QueryParam("version") String version) {
        return repository.find(id, version).orElseThrow(() -> new BadRequestException(Response.Status.NOT_FOUND,
                "id", "no suite " + id + (version == null ? "" : " version " + version)));
    }
}
