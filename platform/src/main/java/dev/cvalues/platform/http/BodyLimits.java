package dev.cvalues.platform.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;

/**
 * Bounds every request body before anything reads it: ordinary requests to {@code cvalues.http.max-body-size}
 * (they are parsed in memory), uploads to Quarkus' own {@code max-body-size}. Quarkus has one limit for all
 * endpoints, so this filter adds the smaller one. A body of unknown length (chunked) is refused on ordinary
 * endpoints, as it could not be bounded before it is read.
 */
@ApplicationScoped
public class BodyLimits {

    /** Before authentication and routing. */
    private static final int PRIORITY = 500;
    private static final Set<HttpMethod> MAY_HAVE_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxBody;
    private final List<String> uploadPaths;

    public BodyLimits(HttpLimitsConfig config) {
        this.maxBody = config.maxBodySize().asLongValue();
        this.uploadPaths = config.uploadPaths().orElse(List.of());
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        // HTTP/1.1 frames a body by its length or in chunks; HTTP/2 may send one of unknown length with neither
        boolean chunked = length == null && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING,
                HttpHeaders.CHUNKED, true) || request.version() == HttpVersion.HTTP_2 && MAY_HAVE_BODY.contains(
                request.method()));
        if ((length == null && !chunked) || uploadPaths.contains(context.normalizedPath())) {
            context.next();
            return;
        }
        if (chunked) {
            refuse(context, 411, "a request body needs a Content-Length here (at most " + maxBody
                    + " bytes, cvalues.http.max-body-size)");
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(context, 400, "Content-Length is not a number");
            return;
        }
        if (bytes > maxBody) {
            refuse(context, 413, "the request body has " + bytes + " bytes, over the limit of " + maxBody
                    + " bytes (cvalues.http.max-body-size)");
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(new JsonObject().put("error", message).put("field", "body").encode());
    }
}
