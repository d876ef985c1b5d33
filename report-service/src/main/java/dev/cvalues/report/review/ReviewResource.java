package dev.cvalues.report.review;

import io.quarkus.security.identity.SecurityIdentity;
import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.contracts.events.Review;
import dev.cvalues.contracts.events.ReviewEvent;
import dev.cvalues.report.Collections;
import dev.cvalues.report.api.ApiError;
import dev.cvalues.report.materialise.ResponseEvents;
import dev.cvalues.report.run.ScorerRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The review queue of a run: the items a scorer could not read (its announced review label, mc-official's
 * Need_Check) and the ones people already resolved. A resolution is accepted for an item awaiting review by that
 * scorer (a later resolution replaces an earlier one); changing any other reading needs {@code override} and a
 * reason. Every review is kept in {@code review_audit} (who, when, the reading before, override) and listed by
 * {@code GET …/review/audit}. A resolution is published on cvalues.reviews; the scorer answers with a reviewed score
 * that replaces its own, and the scorecard follows.
 */
@Path("/api/runs/{runId}/review")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class ReviewResource {

    /** One item waiting for, or having had, a person's decision. Question and response are unescaped. */
    public record ReviewItem(String itemId, String scorerId, String label, List<String> resolutions, String category,
            String answer, String question, String response, Map<String, Object> review) {
    }

    /**
     * A person's resolution of one item's reading by one scorer. {@code override} (with a {@code reason}) is needed to
     * change a reading that was not awaiting review; it is audited and shown as such.
     */
    public record Resolution(String scorerId, String label, String reviewer, String comment, Boolean override,
            String reason) {
    }

    private final Collections collections;
    private final ScorerRegistry scorers;
    private final MutinyEmitter<String> reviews;

    private final SecurityIdentity identity;

    public ReviewResource(Collections collections, ScorerRegistry scorers,
            @Channel("reviews-out") MutinyEmitter<String> reviews, SecurityIdentity identity) {
        this.identity = identity;
        this.collections = collections;
        this.scorers = scorers;
        this.reviews = reviews;
    }

    @GET
    @Operation(summary = "Items of the run waiting for a person (pending=true, the default) or already reviewed")
    public List<ReviewItem> queue(@PathParam("runId") String runId,
            @QueryParam("pending") @DefaultValue("true") boolean pending,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        List<Document> scores = new ArrayList<>();
        for (ScorerRegistry.KnownScorer scorer : scorers.all()) {
            if (scorer.reviewLabel() == null) {
                continue;
            }
            var filter = pending
                    ? Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", scorer.id()),
                            Filters.eq("label", scorer.reviewLabel()), Filters.eq("review", null))
                    : Filters.and(Filters.eq("runId", runId), Filters.eq("scorerId", scorer.id()),
                            Filters.ne("review", null));
            collections.scores().find(filter).sort(Sorts.ascending("itemId")).limit(Math.min(Math.max(limit, 1), 1000))
                    .into(scores);
        }
        Map<String, Document> items = new HashMap<>();
        List<String> itemIds = scores.stream().map(s -> Topics.itemKey(runId, s.getString("itemId"))).distinct().toList();
        collections.items().find(Filters.in("_id", itemIds)).forEach(item -> items.put(item.getString("_id"), item));
        return scores.stream().map(s -> {
            Document item = items.getOrDefault(Topics.itemKey(runId, s.getString("itemId")), new Document());
            return new ReviewItem(s.getString("itemId"), s.getString("scorerId"), s.getString("label"),
                    scorers.find(s.getString("scorerId")).map(ScorerRegistry.KnownScorer::resolutions).orElse(List.of()),
                    s.getString("category"), s.getString("answer"), ItemTexts.question(item), ItemTexts.response(item),
                    s.get("review", Document.class));
        }).toList();
    }

    @GET
    @Path("/audit")
    @Operation(summary = "Every review of the run, in order: who, when, the reading before, the resolution, overrides")
    public List<Map<String, Object>> audit(@PathParam("runId") String runId,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        collections.reviewAudit().find(Filters.eq("runId", runId)).sort(Sorts.ascending("reviewedAt"))
                .limit(Math.min(Math.max(limit, 1), 10_000)).forEach(d -> {
                    Document v = new Document(d);
                    v.remove("_id");
                    out.add(v);
                });
        return out;
    }

    @RolesAllowed(Roles.REVIEWER)
    @POST
    @Path("/{itemId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve one item's reading: 202, then the scorer's reviewed score replaces its own")
    public Response resolve(@PathParam("runId") String runId, @PathParam("itemId") String itemId,
            Resolution resolution) {
        if (resolution == null || resolution.scorerId() == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "scorerId", "scorerId required");
        }
        String reviewer = identity.getPrincipal().getName();
        if (resolution.reviewer() != null && !resolution.reviewer().equals(reviewer)) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "reviewer", "the reviewer is who your token says (" + reviewer
                    + "), not a name of the request's choosing");
        }
        ScorerRegistry.KnownScorer scorer = scorers.find(resolution.scorerId()).orElseThrow(() ->
                ApiError.of(Response.Status.BAD_REQUEST, "scorerId", "no scorer " + resolution.scorerId()));
        if (scorer.resolutions() == null || !scorer.resolutions().contains(resolution.label())) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "label", "resolution must be one of "
                    + (scorer.resolutions() == null ? List.of() : scorer.resolutions()));
        }
        Document score = collections.scores().find(Filters.eq("_id",
                Topics.itemKey(runId, itemId) + ":" + scorer.id())).first();
        if (score == null) {
            throw ApiError.of(Response.Status.NOT_FOUND, "itemId", "no score of " + scorer.id() + " for item " + itemId
                    + " of run " + runId);
        }
        Document previous = score.get("review", Document.class);
        String original = previous != null ? previous.getString("originalLabel") : score.getString("label");
        String current = score.getString("label");
        // a person resolves what the scorer left to a person (or replaces such a resolution); anything else is an
        // override of a definite reading, which must say so and why
        boolean awaiting = scorer.reviewLabel() != null && scorer.reviewLabel().equals(original)
                && (previous == null || !Boolean.TRUE.equals(previous.getBoolean("override")));
        boolean override = Boolean.TRUE.equals(resolution.override());
        if (!awaiting && !override) {
            throw ApiError.of(Response.Status.CONFLICT, "override", "item " + itemId + " is not awaiting review by "
                    + scorer.id() + ": its reading is " + current + (scorer.reviewLabel() == null ? ""
                    : ", not " + scorer.reviewLabel()) + ". To change a definite reading send \"override\": true with a "
                    + "\"reason\"; it is audited");
        }
        if (override && (resolution.reason() == null || resolution.reason().isBlank())) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "reason", "an override needs a reason");
        }
        Instant at = Instant.now();
        Review review = new Review(reviewer, at, original, resolution.comment(), override && !awaiting ? true
                : null, override && !awaiting ? resolution.reason() : null, current);
        ReviewEvent event = new ReviewEvent(runId, itemId, ResponseEvents.itemInfo(score), scorer.id(), resolution.label(),
                review);
        collections.reviewAudit().insertOne(new Document("_id", Topics.itemKey(runId, itemId) + ":" + scorer.id() + ":"
                + at.toEpochMilli() + ":" + reviewer).append("runId", runId).append("itemId", itemId)
                .append("scorerId", scorer.id()).append("reviewer", reviewer)
                .append("reviewedAt", java.util.Date.from(at)).append("label", resolution.label())
                .append("previousLabel", current).append("originalLabel", original)
                .append("override", review.override() != null).append("reason", review.reason())
                .append("comment", resolution.comment()));
        reviews.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(Topics.itemKey(runId, itemId)).build()))
                .await().atMost(Duration.ofSeconds(30));
        return Response.accepted(Map.of("runId", runId, "itemId", itemId, "scorerId", scorer.id(),
                "label", resolution.label())).build();
    }
}
