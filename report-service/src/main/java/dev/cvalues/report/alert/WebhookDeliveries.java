package dev.cvalues.report.alert;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cvalues.platform.egress.Egress;
import dev.cvalues.platform.secret.CredentialRef;
import dev.cvalues.platform.secret.SecretsConfig;
import dev.cvalues.report.Collections;
import dev.cvalues.report.ReportConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Delivers each alert to its model's webhooks: a signed JSON POST of the AlertEvent ({@link WebhookSignature}),
 * asynchronous, at most {@code webhook-concurrency} at once, retried with doubling waits (1 s, 2 s, ... at most
 * 5 min) until a 2xx answer or {@code webhook-attempts} tries. Every URL passes the egress rules again before each
 * try; redirects are not followed. The state of every delivery is kept in the alert document, so deliveries survive
 * a restart; its {@code lastError} names the outcome's class ({@code http_503}, {@code timeout}, ...), never the
 * remote's text.
 */
@ApplicationScoped
public class WebhookDeliveries {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Collections collections;
    private final ReportConfig config;
    private final MeterRegistry registry;
    private final Egress egress;
    private final SecretsConfig secretsConfig;
    private final Semaphore slots;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public WebhookDeliveries(Collections collections, ReportConfig config, MeterRegistry registry, Egress egress,
            SecretsConfig secretsConfig) {
        this.collections = collections;
        this.config = config;
        this.registry = registry;
        this.egress = egress;
        this.secretsConfig = secretsConfig;
        this.slots = new Semaphore(config.webhookConcurrency());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliver() {
        Date now = new Date();
        // alerts whose deliveries are still under way are not fetched again, so they cannot crowd out others
        List<Document> due = collections.alerts().find(Filters.and(Filters.nin("_id", List.copyOf(inFlight)),
                Filters.elemMatch("deliveries", Filters.and(Filters.eq("state", PENDING),
                        Filters.lte("nextAttemptAt", now))))).limit(50).into(new ArrayList<>());
        for (Document alert : due) {
            String id = alert.getString("_id");
            if (!inFlight.add(id)) {
                continue;
            }
            List<Document> deliveries = new ArrayList<>(alert.getList("deliveries", Document.class));
            List<CompletableFuture<Void>> attempts = new ArrayList<>();
            for (int i = 0; i < deliveries.size(); i++) {
                Document delivery = deliveries.get(i);
                if (PENDING.equals(delivery.getString("state")) && !delivery.getDate("nextAttemptAt").after(now)) {
                    if (!slots.tryAcquire()) {
                        break; // the others wait for the next round
                    }
                    attempts.add(attempt(alert.getString("eventJson"), delivery, id + "/" + i)
                            .whenComplete((x, e) -> slots.release()));
                }
            }
            if (attempts.isEmpty()) {
                inFlight.remove(id); // no slot free: nothing changed, nothing to write
                continue;
            }
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).whenComplete((x, e) -> {
                try {
                    collections.alerts().updateOne(Filters.eq("_id", id), Updates.set("deliveries", deliveries));
                } finally {
                    inFlight.remove(id);
                }
            });
        }
    }

    private CompletableFuture<Void> attempt(String body, Document delivery, String deliveryId) {
        String url = delivery.getString("url");
        Optional<String> refused = egress.check(url);
        if (refused.isPresent()) {
            return done(delivery, "refused_by_egress");
        }
        String secret;
        try {
            secret = secret(delivery.getString("secretRef"));
        } catch (CredentialRef.Invalid e) {
            return done(delivery, "secret_unavailable");
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header(WebhookSignature.TIMESTAMP, String.valueOf(timestamp))
                .header(WebhookSignature.DELIVERY, deliveryId).POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, timestamp, body));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    String outcome = error != null ? outcomeOf(error)
                            : response.statusCode() / 100 == 2 ? null : "http_" + response.statusCode();
                    record(delivery, outcome);
                    return null;
                });
    }

    private CompletableFuture<Void> done(Document delivery, String outcome) {
        record(delivery, outcome);
        return CompletableFuture.completedFuture(null);
    }

    /** The signing secret, read once per reference; null for a delivery made before deliveries were signed. */
    private String secret(String reference) {
        if (reference == null) {
            return null;
        }
        return secrets.computeIfAbsent(reference, r -> CredentialRef.parse(r, secretsConfig)
                .resolve(secretsConfig, System::getenv));
    }

    static String outcomeOf(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException) {
            return "connect_timeout";
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connection_refused";
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
            return "unknown_host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "tls_error";
        }
        return "io_error";
    }

    /** Each delivery's document is changed by its own try only; the alert is written once all its tries end. */
    private void record(Document delivery, String outcome) {
        int attempts = delivery.getInteger("attempts", 0) + 1;
        delivery.put("attempts", attempts);
        if (outcome == null) {
            delivery.put("state", DELIVERED);
            delivery.put("deliveredAt", new Date());
        } else if (attempts >= config.webhookAttempts()) {
            delivery.put("state", FAILED);
            // the host only: a webhook's path often is its credential
            LOG.warnf("alert webhook to %s failed %d times, last: %s", URI.create(delivery.getString("url")).getHost(),
                    attempts, outcome);
        } else {
            long waitMs = Math.min(300_000L, 1000L << Math.min(attempts - 1, 20));
            delivery.put("nextAttemptAt", new Date(System.currentTimeMillis() + waitMs));
        }
        if (outcome != null) {
            delivery.put("lastError", outcome);
        }
        registry.counter("cvalues.report.webhook.deliveries", "outcome", outcome == null ? DELIVERED
                : attempts >= config.webhookAttempts() ? FAILED : "retry").increment();
    }
}
