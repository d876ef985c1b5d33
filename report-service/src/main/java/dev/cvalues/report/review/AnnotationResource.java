package dev.cvalues.report.review;

import io.quarkus.security.identity.SecurityIdentity;
import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cvalues.contracts.Topics;
import dev.cvalues.report.Collections;
import dev.cvalues.report.ReportConfig;
import dev.cvalues.report.api.ApiError;
import dev.cvalues.report.materialise.ResponseEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * People annotating a run's open responses: safe or unsafe, and responsibility 1-10. The queue holds the run's
 * sample (each response drawn below the run's rate, {@code cvalues.report.review-sample} unless the run sets
 * its own; 1 = the whole run), minus what the annotator already did. Each annotation is published as a score
 * of scorer {@code human}; several people may annotate the same item.
 */
@Path("/api/runs/{runId}/annotations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.REVIEWER)
public class AnnotationResource {

    /** An open response waiting for this annotator; {@code annotations} counts other people's so far. */
    public record Task(String itemId, String suiteId, String category, String level, String question,
            String response, long annotations) {
    }

    public record Queue(String runId, double sample, long inSample, long annotatedByYou, List<Task> items) {
    }

    public record Policy(Double sample) {
    }

    /**
     * One person's verdict on one response: {@code safety} safe/unsafe and/or {@code score} 1-10. {@code annotator}
     * may be left out: the annotator is whoever the request's token says; a different name is refused.
     */
    public record Annotation(String annotator, String safety, Integer score, String comment) {
    }

    static final Pattern ANNOTATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final int MAX_COMMENT = 2000;

    private final Collections collections;
    private final ReportConfig config;
    private final HumanScorer human;

    private final SecurityIdentity identity;

    public AnnotationResource(Collections collections, ReportConfig config, HumanScorer human,
            SecurityIdentity identity) {
        this.identity = identity;
        this.collections = collections;
        this.config = config;
        this.human = human;
    }

    @GET
    @Operation(summary = "The open responses of the run's sample this annotator has not annotated yet")
    public Queue queue(@PathParam("runId") String runId, @QueryParam("annotator") String annotator,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        annotator = annotator(annotator);
        double sample = sample(run(runId));
        Bson inSample = inSample(runId, sample);
        List<String> done = new ArrayList<>();
        collections.scores().find(Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", HumanScorer.ID),
                Filters.eq("annotator", annotator))).forEach(d -> done.add(d.getString("itemId")));

        List<Document> items = collections.items().find(Filters.and(inSample, Filters.nin("itemId", done)))
                .sort(Sorts.ascending("reviewDraw")).limit(Math.max(1, Math.min(limit, 200))).into(new ArrayList<>());
        Map<String, Long> others = new HashMap<>();
        collections.scores().aggregate(List.of(
                Aggregates.match(Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", HumanScorer.ID),
                        Filters.in("itemId", items.stream().map(d -> d.getString("itemId")).toList()))),
                Aggregates.group("$itemId", Accumulators.sum("n", 1))))
                .forEach(g -> others.put(g.getString("_id"), ((Number) g.get("n")).longValue()));
        List<Task> tasks = items.stream().map(d -> new Task(d.getString("itemId"), d.getString("suiteId"),
                d.getString("category"), d.getString("level"), ItemTexts.question(d), ItemTexts.response(d),
                others.getOrDefault(d.getString("itemId"), 0L))).toList();
        long annotatedInSample = done.isEmpty() ? 0
                : collections.items().countDocuments(Filters.and(inSample, Filters.in("itemId", done)));
        return new Queue(runId, sample, collections.items().countDocuments(inSample), annotatedInSample, tasks);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the share of the run's open responses people annotate (1 = all of them)")
    public Policy policy(@PathParam("runId") String runId, Policy policy) {
        run(runId);
        if (policy == null || policy.sample() == null || policy.sample().isNaN() || policy.sample() < 0
                || policy.sample() > 1) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "sample", "sample must be a number from 0 to 1 (1 = every response)");
        }
        collections.runs().updateOne(Filters.eq("_id", runId), Updates.set("annotationSample", policy.sample()));
        return policy;
    }

    @POST
    @Path("/{itemId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Annotate one open response: 202, then it counts as a score of scorer human")
    public Response annotate(@PathParam("runId") String runId, @PathParam("itemId") String itemId,
            Annotation annotation) {
        if (annotation == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "safety", "a JSON body {safety, score, comment} required");
        }
        String annotator = annotator(annotation.annotator());
        if (annotation.safety() == null && annotation.score() == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "safety", "give safety (safe or unsafe), score (1-10) or both");
        }
        if (annotation.safety() != null && !List.of("safe", "unsafe").contains(annotation.safety())) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "safety", "safety must be safe or unsafe");
        }
        if (annotation.score() != null && (annotation.score() < HumanScorer.SCORE_MIN
                || annotation.score() > HumanScorer.SCORE_MAX)) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "score", "score must be an integer from 1 to 10");
        }
        if (annotation.comment() != null && annotation.comment().length() > MAX_COMMENT) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "comment", "comment longer than " + MAX_COMMENT + " characters");
        }
        run(runId);
        Document item = collections.items().find(Filters.eq("_id", Topics.itemKey(runId, itemId))).first();
        if (item == null) {
            throw ApiError.of(Response.Status.NOT_FOUND, "itemId", "no item " + itemId + " in run " + runId);
        }
        if (!"open".equals(item.getString("kind")) || !ResponseEvents.RESPONDED.equals(item.getString("state"))) {
            throw ApiError.of(Response.Status.CONFLICT, "itemId", "item " + itemId
                    + " is not an open question the model answered; multiple-choice readings are resolved under "
                    + "/api/runs/" + runId + "/review");
        }
        String comment = annotation.comment() == null || annotation.comment().isBlank() ? null : annotation.comment();
        human.annotate(runId, itemId, ResponseEvents.itemInfo(item), annotator, annotation.safety(), annotation.score(),
                comment);
        return Response.accepted(Map.of("runId", runId, "itemId", itemId, "annotator", annotator)).build();
    }

    private Bson inSample(String runId, double sample) {
        Bson open = Filters.and(Filters.eq("runId", runId), Filters.eq("kind", "open"),
                Filters.eq("state", ResponseEvents.RESPONDED));
        return sample >= 1 ? open : Filters.and(open, Filters.lt("reviewDraw", sample));
    }

    private double sample(Document run) {
        return run.get("annotationSample") instanceof Number n ? n.doubleValue() : config.reviewSample();
    }

    private Document run(String runId) {
        Document run = collections.runs().find(Filters.eq("_id", runId)).first();
        if (run == null) {
            throw ApiError.of(Response.Status.NOT_FOUND, "runId", "no run " + runId);
        }
        return run;
    }

    /** Who annotates: the request's identity, never a name the request picks. */
    private String annotator(String claimed) {
        String name = identity.getPrincipal().getName();
        if (claimed != null && !claimed.equals(name)) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "annotator", "the annotator is who your token says (" + name
                    + "), not a name of the request's choosing");
        }
        if (!ANNOTATOR.matcher(name).matches()) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "annotator", "your identity's name cannot be an annotator's:"
                    + " 1-64 letters, digits or . _ @ -");
        }
        return name;
    }
}
