package dev.cvalues.gateway.cache;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.TokenUsage;
import dev.cvalues.gateway.GatewayConfig;
import dev.cvalues.gateway.provider.Completion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Answers already paid for, in MongoDB ({@code cvalues_gateway.responses}), keyed by SHA-256 of provider,
 * endpoint, model, every generation parameter (temperature, top-p, max tokens, seed, system prompt, response
 * format) and the messages (not the API key: the same question to the same model has the same answer whoever
 * pays). A cache that cannot be reached is a miss, never an error.
 */
@ApplicationScoped
public class ResponseCache {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class);

    private final ReactiveMongoCollection<Document> responses;
    private final boolean enabled;
    private final Counter hits;
    private final Counter misses;
    private volatile boolean warned;
    /** After a failure the cache is left alone for a while: a down database must not slow every call. */
    private volatile long unavailableUntil;

    public ResponseCache(ReactiveMongoClient mongo, GatewayConfig config, MeterRegistry registry) {
        this.responses = mongo.getDatabase("cvalues_gateway").getCollection("responses");
        this.enabled = config.cache();
        this.hits = Counter.builder("cvalues.gateway.cache").tag("outcome", "hit")
                .description("Response cache lookups").register(registry);
        this.misses = Counter.builder("cvalues.gateway.cache").tag("outcome", "miss")
                .description("Response cache lookups").register(registry);
    }

    /**
     * The cache stands in for a call only when the run allows it and the answer would be the same again: greedy
     * decoding (temperature 0) or a fixed seed. A sampled answer (temperature above 0, or left to the provider,
     * without a seed) is neither read from nor written to the cache, or a run would repeat one sample forever.
     */
    public boolean usable(PromptEvent prompt) {
        return enabled && prompt.mayUseCache() && prompt.model().parametersOrDefaults().deterministic()
                && System.nanoTime() >= unavailableUntil;
    }

    /** The completion cached under this key ({@link #key}), or null. */
    public Uni<Completion> find(String key) {
        return responses.find(Filters.eq("_id", key)).collect().first()
                .map(d -> {
                    if (d == null) {
                        misses.increment();
                        return null;
                    }
                    hits.increment();
                    Document usage = d.get("usage", Document.class);
                    return new Completion(d.getString("text"), d.getString("finishReason"), usage == null ? null
                            : new TokenUsage(usage.getInteger("promptTokens"), usage.getInteger("completionTokens")),
                            d.getString("providerRequestId"));
                })
                .onFailure().recoverWithItem(e -> {
                    unreachable(e);
                    misses.increment();
                    return null;
                });
    }

    /** Stores a completion; the caller does not wait for it. */
    public void store(String key, PromptEvent prompt, Completion completion) {
        Document usage = completion.usage() == null ? null : new Document("promptTokens",
                completion.usage().promptTokens()).append("completionTokens", completion.usage().completionTokens());
        Document doc = new Document("_id", key).append("text", completion.text())
                .append("finishReason", completion.finishReason()).append("usage", usage)
                .append("providerRequestId", completion.providerRequestId())
                .append("provider", prompt.model().provider()).append("model", prompt.model().name())
                .append("cachedAt", new Date());
        responses.replaceOne(Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true))
                .subscribe().with(ok -> { }, this::unreachable);
    }

    /** @param endpoint where the call goes (the connection's endpoint and path, or the ad-hoc endpoint) */
    public static String key(PromptEvent prompt, String endpoint) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("provider", prompt.model().provider());
        identity.put("endpoint", endpoint);
        identity.put("model", prompt.model().name());
        identity.put("parameters", prompt.model().parameters());
        identity.put("messages", prompt.messages());
        try {
            byte[] canonical = EventCodec.mapper().writeValueAsBytes(identity);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void unreachable(Throwable e) {
        unavailableUntil = System.nanoTime() + 30_000_000_000L;
        if (!warned) {
            warned = true;
            LOG.warnf("response cache unavailable (%s); answering without it for 30 s at a time",
                    e.getMessage());
        }
    }

}
