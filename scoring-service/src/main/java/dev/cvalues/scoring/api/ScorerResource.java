package dev.cvalues.scoring.api;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.MetricValue;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import dev.cvalues.scoring.scorer.AnnouncedScorer;
import dev.cvalues.scoring.scorer.Scorer;
import dev.cvalues.scoring.scorer.judge.JudgeReading;
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
@RolesAllowed(Roles.VIEWER)
public class ScorerResource {

    /** One response to score: the item as in the events, and the model's text. */
    public record ScoreRequest(ItemInfo item, String text) {
    }

    public record ScoreOutcome(String scorerId, String scorerVersion, String label, List<MetricValue> metrics,
            String rationale, Boolean correct) {
    }

    /** A judge's answer about one item, to read as the judge scorer reads it. */
    public record ReadRequest(ItemInfo item, String judgeAnswer) {
    }

    /** What the judge scorer read: label, metrics, the rule that decided, the judge's own reason if it gave one. */
    public record ReadOutcome(String scorerId, String scorerVersion, String label, List<MetricValue> metrics, String rule,
            String reason) {
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

    @POST
    @Path("/{scorerId}/read")
    @Operation(summary = "Read one judge answer for one item as the judge scorer reads it, publishing nothing: "
            + "label, metrics and the rule that decided")
    public Response read(@PathParam("scorerId") String scorerId, ReadRequest request) {
        JudgeScorer judge = StreamSupport.stream(judges.spliterator(), false).filter(j -> j.id().equals(scorerId))
                .findFirst().orElse(null);
        if (judge == null) {
            return error(Response.Status.NOT_FOUND, "scorerId", "no judge scorer " + scorerId + "; judges: "
                    + StreamSupport.stream(judges.spliterator(), false).map(JudgeScorer::id).toList());
        }
        if (request == null || request.item() == null || request.item().kind() == null) {
            return error(Response.Status.BAD_REQUEST, "item", "item with kind (and, for reference-judge, answer) required");
        }
        if (request.judgeAnswer() == null) {
            return error(Response.Status.BAD_REQUEST, "judgeAnswer", "the judge model's answer to read is required");
        }
        if (!judge.appliesTo(request.item())) {
            return error(Response.Status.BAD_REQUEST, "item", "scorer " + scorerId + " does not apply to this item");
        }
        Verdict direct = judge.withoutJudge(request.item());
        if (direct != null) {
            return Response.ok(new ReadOutcome(judge.id(), judge.version(), direct.label(), direct.metrics(),
                    direct.rationale(), null)).build();
        }
        JudgeReading reading = judge.read(request.judgeAnswer());
        return Response.ok(new ReadOutcome(judge.id(), judge.version(), reading.label(), reading.metrics(), reading.rule(),
                reading.reason())).build();
    }

    private static Response error(Response.Status status, String field, String message) {
        return Response.status(status).entity(Map.of("error", message, "field", field)).build();
    }
}
