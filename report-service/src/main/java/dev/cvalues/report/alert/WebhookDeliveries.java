package dev.cvalues.report.alert;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cvalues.report.Collections;
import dev.cvalues.report.ReportConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Delivers each alert to its model's webhooks: a JSON POST of the AlertEvent, retried with doubling waits (1 s,
 * 2 s, ... at most 5 min) until a 2xx answer or {@code webhook-attempts} tries. The state of every delivery is
 * kept in the alert document, so deliveries survive a restart.
 */
@ApplicationScoped
public class WebhookDeliveries {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Collections collections;
    private final ReportConfig config;
    private final MeterRegistry registry;

    public WebhookDeliveries(Collections collections, ReportConfig config, MeterRegistry registry) {
        this.collections = collections;
        this.config = config;
        this.registry = registry;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliver() {
        Date now = new Date();
        List<Document> due = collections.alerts().find(Filters.elemMatch("deliveries", Filters.and(
                Filters.eq("state", PENDING), Filters.lte("nextAttemptAt", now)))).limit(50).into(new ArrayList<>());
        for (Document alert : due) {
            List<Document> deliveries = new ArrayList<>(alert.getList("deliveries", Document.class));
            for (Document delivery : deliveries) {
                if (PENDING.equals(delivery.getString("state")) && !delivery.getDate("nextAttemptAt").after(now)) {
                    attempt(alert.getString("eventJson"), delivery);
                }
            }
            collections.alerts().updateOne(Filters.eq("_id", alert.getString("_id")), Updates.set("deliveries", deliveries));
        }
    }

    private void attempt(String body, Document delivery) {
        int attempts = delivery.getInteger("attempts", 0) + 1;
        delivery.put("attempts", attempts);
        String outcome;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(delivery.getString("url")))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            outcome = response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        if (outcome == null) {
            delivery.put("state", DELIVERED);
            delivery.put("deliveredAt", new Date());
        } else if (attempts >= config.webhookAttempts()) {
            delivery.put("state", FAILED);
            LOG.warnf("alert webhook %s failed %d times, last: %s", delivery.getString("url"), attempts, outcome);
        } else {
            long waitMs = Math.min(300_000L, 1000L << Math.min(attempts - 1, 20));
            delivery.put("nextAttemptAt", new Date(System.currentTimeMillis() + waitMs));
        }
        delivery.put("lastError", outcome);
        registry.counter("cvalues.report.webhook.deliveries", "outcome", outcome == null ? DELIVERED
                : attempts >= config.webhookAttempts() ? FAILED : "retry").increment();
    }
}
