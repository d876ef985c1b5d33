package dev.cvalues.infra.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls every operation a service's OpenAPI document lists, anonymously and with each role's token: anonymous calls
 * get 401 with a JSON error, tokens without the operation's role 403, tokens with it neither. GET operations need
 * {@code viewer} unless {@code roles} says otherwise; every other operation must be listed in {@code roles}, so that a
 * new endpoint cannot go unaudited. Health and metrics must answer anyone, the OpenAPI document nobody anonymous.
 */
public final class EndpointAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> HOLDS = Map.of(
            TestApi.VIEWER, Set.of("viewer"),
            TestApi.RUNNER, Set.of("viewer", "runner"),
            TestApi.REVIEWER, Set.of("viewer", "reviewer"),
            TestApi.ADMIN, Set.of("viewer", "runner", "reviewer", "admin"));

    private EndpointAudit() {
    }

    /** @param roles {@code "POST /api/runs" -> "runner"}: the role each operation needs, where it is not a viewer's GET */
    public static List<String> audit(Map<String, String> roles) throws Exception {
        JsonNode doc = JSON.readTree(TestApi.given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        List<String> audited = new ArrayList<>();
        Map<String, String> unused = new LinkedHashMap<>(roles);
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                String operation = method + " " + path.getKey();
                String role = unused.remove(operation);
                if (role == null) {
                    assertThat(method).as("%s needs a role in the audit's table", operation).isEqualTo("GET");
                    role = "viewer";
                }
                String url = path.getKey().replaceAll("\\{[^}]+}", "audit-x");
                String mediaType = op.getValue().path("requestBody").path("content").fieldNames().hasNext()
                        ? op.getValue().path("requestBody").path("content").fieldNames().next() : null;
                Response anonymous = call(TestApi.anonymous(), method, url, mediaType);
                assertThat(anonymous.statusCode()).as("%s anonymously", operation).isEqualTo(401);
                assertThat(anonymous.contentType()).as("%s anonymously: a JSON error", operation)
                        .startsWith("application/json");
                assertThat(JSON.readTree(anonymous.asString()).path("error").asText()).as(operation).isNotBlank();
                Response badToken = call(TestApi.as("cvt_not-a-token"), method, url, mediaType);
                assertThat(badToken.statusCode()).as("%s with an unknown token", operation).isEqualTo(401);
                for (Map.Entry<String, Set<String>> holder : HOLDS.entrySet()) {
                    int status = call(TestApi.as(holder.getKey()), method, url, mediaType).statusCode();
                    if (holder.getValue().contains(role)) {
                        assertThat(status).as("%s with %s", operation, holder.getValue()).isNotIn(401, 403);
                    } else {
                        assertThat(status).as("%s with %s", operation, holder.getValue()).isEqualTo(403);
                    }
                }
                audited.add(operation + " (" + role + ")");
            }
        }
        assertThat(unused).as("operations in the audit's table that the service does not have").isEmpty();
        // health and metrics stay open for probes and scrapers; the API's description does not
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200);
        TestApi.anonymous().get("/q/openapi").then().statusCode(401);
        return audited;
    }

    private static Response call(RequestSpecification request, String method, String url, String mediaType) {
        if (mediaType != null && mediaType.startsWith("multipart/")) {
            request = request.multiPart("audit", "x");
        } else if (mediaType != null) {
            request = request.contentType(mediaType).body(mediaType.contains("json") ? "{}" : "x");
        }
        return request.request(method, url);
    }
}
