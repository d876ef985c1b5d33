package dev.cvalues.scoring.api;

import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import dev.cvalues.scoring.scorer.Scorer;
import dev.cvalues.scoring.scorer.judge.JudgeScorer;
import dev.cvalues.scoring.scorer.Verdict;
import jakarta.enterprise.inject.Instance;
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
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/scorers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScorerResource {

    /** One response to score: the item as in the events, and the model's text. */
    public record ScoreRequest(ItemInfo item, String text) {
    }

    public record ScoreOutcome(String scorerId, String scorerVersion, String label, List<MetricValue> metrics,
            String rationale, Boolean correct) {
    }

    private final Instance<Scorer> scorers;
    private final Instance<JudgeScorer> judges;
    private final Instance<AnnouncedScorer> all;

    public ScorerResource(Instance<Scorer> scorers, Instance<JudgeScorer> judges, Instance<AnnouncedScorer> all) {
        this.scorers = scorers;
        this.judges = judges;
        this.all = all;
    }

    @GET
    @Operation(summary = "The scorers this service runs")
    public List<ScorerAnnouncement> list() {
        return StreamSupport.stream(all.spliterator(), false).map(AnnouncedScorer::announcement).toList();
    }

    @GET
    @Path("/{scorerId}/prompt")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A judge's prompt, as sent to the judge model ({question} and {response} filled in)")
    public Response prompt(@PathParam("scorerId") String scorerId) {
        return StreamSupport.stream(judges.spliterator(), false).filter(j -> j.id().equals(scorerId)).findFirst()
                .map(j -> Response.ok(j.template()).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN)
                        .entity("no judge " + scorerId).build());
    }

    @POST
    @Path("/{scorerId}/score")
    @Operation(summary = "Score one response for one item, publishing nothing, to see how it is read and why")
    public Response score(@PathParam("scorerId") String scorerId, ScoreRequest request) {
        Scorer scorer = StreamSupport.stream(scorers.spliterator(), false).filter(s -> s.id().equals(scorerId))
                .findFirst().orElse(null);
        if (scorer == null) {
            return error(Response.Status.NOT_FOUND, "scorerId", "no scorer " + scorerId);
        }
        if (request == null || request.item() == null || request.item().kind() == null) {
            return error(Response.Status.BAD_REQUEST, "item", "item with kind, choices and answer required");
        }
        if (request.text() == null) {
            return error(Response.Status.BAD_REQUEST, "text", "the response text to score is required");
        }
        if (!scorer.appliesTo(request.item())) {
            return error(Response.Status.BAD_REQUEST, "item", "scorer " + scorerId + " does not apply to this item");
        }
        Verdict verdict = scorer.score(request.item(), request.text());
        Boolean correct = request.item().answer() == null ? null : request.item().answer().equals(verdict.label());
        return Response.ok(new ScoreOutcome(scorer.id(), scorer.version(), verdict.label(), verdict.metrics(),
                verdict.rationale(), correct)).build();
    }

    private static Response error(Response.Status status, String field, String message) {
        return Response.status(status).entity(Map.of("error", message, "field", field)).build();
    }
}
