package dev.cvalues.report.backfill;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mongodb.client.model.Filters;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.Topics;
import dev.cvalues.platform.kafka.RoutingHeaders;
import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.Cost;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ModelRef;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.ResponseEvent;
import dev.cvalues.contracts.events.TokenUsage;
import dev.cvalues.platform.connection.ConnectionsView;
import dev.cvalues.platform.connection.ModelChecks;
import dev.cvalues.platform.egress.Egress;
import dev.cvalues.report.Collections;
import dev.cvalues.report.api.ApiError;
import dev.cvalues.report.materialise.ResponseEvents;
import dev.cvalues.report.run.ScorerRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Backfill: a scorer added (or upgraded) after runs finished scores their stored responses, and no model is
 * called. The responses of the chosen runs are published again on cvalues.responses marked
 * {@code backfillFor} the scorer: it scores them, every other consumer sees nothing new.
 */
@Path("/api/scorers/{scorerId}/backfill")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class BackfillResource {

    private static final Logger LOG = Logger.getLogger(BackfillResource.class);

    /**
     * The runs to backfill: by id, or those started in [from, to). {@code judge}: the model a judge scorer asks
     * (through the gateway, so that is the one model call a backfill makes); without it judges say no_judge.
     */
    public record Request(List<String> runs, Instant from, Instant to, ModelSpec judge) {
    }

    private final Collections collections;
    private final ScorerRegistry scorers;
    private final ConnectionsView connections;
    private final Egress egress;
    private final MutinyEmitter<String> responses;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill");
        t.setDaemon(true);
        return t;
    });

    public BackfillResource(Collections collections, ScorerRegistry scorers, ConnectionsView connections, Egress egress,
            @Channel("backfill-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
            MutinyEmitter<String> responses) {
        this.collections = collections;
        this.scorers = scorers;
        this.connections = connections;
        this.egress = egress;
        this.responses = responses;
    }

    @POST
    @Operation(summary = "Score the stored responses of chosen runs with one scorer, without calling any model")
    public Response backfill(@PathParam("scorerId") String scorerId, Request request) {
        if (scorers.find(scorerId).isEmpty()) {
            throw ApiError.of(Response.Status.NOT_FOUND, "scorerId", "no scorer " + scorerId
                    + " has announced itself; start it first");
        }
        List<String> runIds = runs(request);
        long count = 0;
        for (String runId : runIds) {
            count += collections.items().countDocuments(Filters.and(Filters.eq("runId", runId),
                    Filters.eq("state", ResponseEvents.RESPONDED)));
        }
        ModelSpec judge;
        try {
            judge = request.judge() == null ? null : ModelChecks.check(request.judge(), "judge", connections::find, egress);
        } catch (ModelChecks.Invalid e) {
            throw ApiError.of(Response.Status.BAD_REQUEST, e.field(), e.getMessage());
        }
        executor.execute(() -> publish(scorerId, runIds, judge));
        return Response.accepted(Map.of("scorerId", scorerId, "runs", runIds, "responses", count)).build();
    }

    private List<String> runs(Request request) {
        if (request == null || (request.runs() == null && request.from() == null)) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "runs", "give run ids (runs) or a time range (from, to)");
        }
        if (request.runs() != null) {
            for (String runId : request.runs()) {
                if (collections.runs().countDocuments(Filters.eq("_id", runId)) == 0) {
                    throw ApiError.of(Response.Status.NOT_FOUND, "runs", "no run " + runId);
                }
            }
            return request.runs();
        }
        Instant to = request.to() == null ? Instant.now() : request.to();
        List<String> ids = new ArrayList<>();
        collections.runs().find(Filters.and(Filters.gte("startedAt", Date.from(request.from())),
                Filters.lt("startedAt", Date.from(to)))).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    private void publish(String scorerId, List<String> runIds, ModelSpec judge) {
        int published = 0;
        for (String runId : runIds) {
            for (Document item : collections.items().find(Filters.and(Filters.eq("runId", runId),
                    Filters.eq("state", ResponseEvents.RESPONDED))).batchSize(1000)) {
                ResponseEvent event = response(item, judge).forBackfill(scorerId);
                responses.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(OutgoingKafkaRecordMetadata
                        .<String>builder().withKey(Topics.itemKey(event.runId(), event.itemId()))
                        .withHeaders(RoutingHeaders.of(event)).build()))
                        .await().atMost(Duration.ofSeconds(60));
                published++;
            }
        }
        LOG.infof("backfill for %s: %d responses of %d runs published again", scorerId, published, runIds.size());
    }

    /** The response an item document was made from, to be judged by {@code judge} when not null. */
    static ResponseEvent response(Document d, ModelSpec judge) {
        Document r = d.get("response", Document.class);
        Document usage = r.get("usage", Document.class);
        Document cost = r.get("cost", Document.class);
        Document model = d.get("model", Document.class);
        ItemInfo item = ResponseEvents.itemInfo(d);
        return new ResponseEvent(1, d.getString("runId"), d.getString("itemId"), item,
                new ModelRef(model.getString("provider"), model.getString("name")), ResponseEvent.Outcome.OK,
                r.getString("text"), r.getString("finishReason"), usage == null ? null
                        : new TokenUsage(usage.getInteger("promptTokens"), usage.getInteger("completionTokens")),
                ((Number) d.get("latencyMs")).longValue(), d.getInteger("attempts"), null,
                r.getString("providerRequestId"), d.getDate("respondedAt").toInstant(),
                Boolean.TRUE.equals(r.getBoolean("cached")) ? Boolean.TRUE : null,
                cost == null ? null : new Cost(cost.getDouble("amount"), cost.getString("currency")), null, judge, null,
                messages(d));
    }

    /** Items stored before responses carried their messages have none. */
    private static List<ChatMessage> messages(Document item) {
        List<ChatMessage> messages = item.getList("messages", Document.class, List.of()).stream()
                .map(m -> new ChatMessage(m.getString("role"), m.getString("content"))).toList();
        return messages.isEmpty() ? null : messages;
    }
}
