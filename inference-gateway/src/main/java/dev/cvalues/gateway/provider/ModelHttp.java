package dev.cvalues.gateway.provider;

import dev.cvalues.gateway.EventLoops;
import dev.cvalues.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * What HTTP providers share: one non-blocking client (Vert.x core; the web client's extra layers cost more
 * CPU than the rest of the gateway's work together), calls spread over the event loops, a timeout, and the
 * translation of transport errors and HTTP statuses into {@link ProviderException}s that say whether a retry
 * may help. Error bodies are shortened and the credential is removed from them; a body longer than
 * {@code max-response-body-bytes} is not read to its end.
 */
@ApplicationScoped
public class ModelHttp {

    private static final int ERROR_EXCERPT = 300;

    /** What a call returned: status, the headers providers use, and the body. */
    public record Answer(int status, String retryAfter, String requestId, Buffer body) {

        public JsonObject json(String url) {
            try {
                return body.toJsonObject();
            } catch (RuntimeException e) {
                throw ProviderException.permanent("invalid_response", "response of " + url + " is not JSON");
            }
        }
    }

    private final HttpClient client;
    private final GatewayConfig config;
    private final EventLoops eventLoops;

    public ModelHttp(Vertx vertx, GatewayConfig config, EventLoops eventLoops) {
        this.config = config;
        this.eventLoops = eventLoops;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000)
                .setMaxWaitQueueSize(-1), new PoolOptions().setHttp1MaxSize(config.connectionsPerEndpoint()));
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    /** POSTs a JSON body; fails with a retryable {@link ProviderException} on timeouts and connection errors. */
    public Uni<Answer> post(String url, Map<String, String> headers, JsonObject body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setIdleTimeout(config.requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", "cvalues-pipeline");
        headers.forEach(options::putHeader);
        Buffer buffer = Buffer.newInstance(body.toBuffer());
        return eventLoops.spread(() -> client.request(options)
                .flatMap(request -> request.send(buffer))
                .flatMap(response -> bounded(response, url).map(b -> new Answer(response.statusCode(),
                        response.getHeader("Retry-After"), response.getHeader("x-request-id"), b))))
                .ifNoItem().after(config.requestTimeout()).failWith(() -> new TimeoutException("no answer in "
                        + config.requestTimeout().toSeconds() + " s"))
                .onFailure().transform(e -> transportFailure(e, url));
    }

    /** The body, or the failure {@code response_too_large} as soon as it is longer than max-response-body-bytes. */
    private Uni<Buffer> bounded(HttpClientResponse response, String url) {
        int cap = config.maxResponseBodyBytes();
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > cap) {
            abandon(response);
            return Uni.createFrom().failure(tooLarge(url, length + " bytes", cap));
        }
        Buffer body = Buffer.buffer();
        return response.toMulti().onItem().invoke(chunk -> {
            if (body.length() + chunk.length() > cap) {
                abandon(response);
                throw tooLarge(url, "over " + cap + " bytes", cap);
            }
            body.appendBuffer(chunk);
        }).collect().last().map(x -> body);
    }

    /** Stops reading: the connection is reset (its reset is expected, not an error worth a log line). */
    private static void abandon(HttpClientResponse response) {
        response.exceptionHandler(ignored -> { });
        response.request().reset();
    }

    private static ProviderException tooLarge(String url, String size, int cap) {
        return ProviderException.permanent("response_too_large", "the answer of " + url + " is " + size
                + ", over the gateway's max-response-body-bytes " + cap);
    }

    /**
     * The failure an HTTP status other than 200 means: 429 and overload statuses, 5xx and 408 may succeed
     * later; other 4xx will not.
     */
    public static ProviderException statusFailure(Answer answer, String url, String key) {
        int status = answer.status();
        String detail = excerpt(answer.body().toString());
        if (key != null && !key.isEmpty()) {
            detail = detail.replace(key, "***"); // error bodies sometimes quote the key
        }
        String message = "HTTP " + status + " from " + url + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 429) {
            return new ProviderException("http_429", message, true, retryAfter(answer.retryAfter()));
        }
        if (status >= 500 || status == 408) {
            return new ProviderException("http_5xx", message, true, retryAfter(answer.retryAfter()));
        }
        return ProviderException.permanent("http_4xx", message);
    }

    static ProviderException transportFailure(Throwable e, String url) {
        if (e instanceof ProviderException pe) {
            return pe;
        }
        boolean timeout = e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout");
        return new ProviderException(timeout ? "timeout" : "connection",
                (timeout ? "no answer in time from " : "cannot reach ") + url + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), true, null);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    static String endpoint(String configured, String fallback, String provider) {
        String endpoint = configured == null || configured.isBlank() ? fallback : configured;
        if (endpoint == null) {
            throw ProviderException.permanent("configuration", "provider " + provider + " needs model.endpoint");
        }
        return endpoint.replaceAll("/+$", "");
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= ERROR_EXCERPT ? flat : flat.substring(0, ERROR_EXCERPT) + "…";
    }
}
