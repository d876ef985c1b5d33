package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** The stack's HTTP API as the command line uses it: submit a run, follow it, fetch its scorecard. */
public final class StackClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String promptService;
    private final String reportService;
    private final String gateway;
    private final String token;

    /** @param token the bearer token every call carries */
    public StackClient(String promptService, String reportService, String gateway, String token) {
        this.promptService = promptService;
        this.reportService = reportService;
        this.gateway = gateway;
        this.token = token;
    }

    public static StackClient of(LocalStack stack) {
        return new StackClient(stack.url("prompt-service"), stack.url("report-service"), stack.url("inference-gateway"),
                stack.adminToken());
    }

    /** The same stack, called with another token. */
    public StackClient as(String otherToken) {
        return new StackClient(promptService, reportService, gateway, otherToken);
    }

    /** Creates an API token (prompt-service); the answer holds the token, shown this once. */
    public JsonNode createToken(String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(promptService + "/api/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("token refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    public JsonNode tokens() {
        return read(ok(send(HttpRequest.newBuilder(URI.create(promptService + "/api/tokens")).GET())).body());
    }

    public JsonNode revokeToken(String id) {
        return read(ok(send(HttpRequest.newBuilder(URI.create(promptService + "/api/tokens/"
                + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8))).DELETE())).body());
    }

    /** Registers (or replaces) a model connection on the inference gateway; its answer (never a credential). */
    public JsonNode putConnection(String name, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + "/api/connections/" + name))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("connection refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    /** Submits a run request (JSON) and returns the answer of prompt-service ({@code runId}, {@code expectedItems}). */
    public JsonNode submit(String requestJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(promptService + "/api/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(requestJson)));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("run refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    /**
     * Imports a suite file (and the extra files its format needs, by form field name); returns the answer of
     * prompt-service: the suites with id, version, item counts and whether each was created.
     */
    public JsonNode importSuite(String format, Path file, Map<String, Path> companions, String version, String suite) {
        String boundary = "cvalues-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(text(boundary, "format", format));
        if (version != null) {
            parts.add(text(boundary, "version", version));
        }
        if (suite != null) {
            parts.add(text(boundary, "suite", suite));
        }
        try {
            parts.addAll(filePart(boundary, "file", file));
            for (Map.Entry<String, Path> companion : companions.entrySet()) {
                parts.addAll(filePart(boundary, companion.getKey(), companion.getValue()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + e.getMessage(), e);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(promptService + "/api/suites/import"))
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("import refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    private static HttpRequest.BodyPublisher text(String boundary, String name, String value) {
        return HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n", StandardCharsets.UTF_8);
    }

    private static List<HttpRequest.BodyPublisher> filePart(String boundary, String name, Path file)
            throws IOException {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        return List.of(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString("\r\n"));
    }

    /** The run as report-service sees it, or null before its first event arrived. */
    public JsonNode run(String runId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(reportService + "/api/runs/" + runId)).GET());
        return response.statusCode() == 404 ? null : read(ok(response).body());
    }

    public JsonNode scorecard(String runId) {
        return scorecard(runId, Duration.ofSeconds(30));
    }

    /** As above, waiting up to {@code timeout} for the answer. */
    public JsonNode scorecard(String runId, Duration timeout) {
        return read(ok(send(HttpRequest.newBuilder(URI.create(reportService + "/api/runs/" + runId + "/scorecard"))
                .timeout(timeout).GET())).body());
    }

    /** GET on report-service's API (path with query), the JSON answer; an error names the status and body. */
    public JsonNode reportGet(String pathAndQuery) {
        return read(ok(send(HttpRequest.newBuilder(URI.create(reportService + pathAndQuery)).GET())).body());
    }

    /** GET on report-service's API streamed into a file (exports of any size); the bytes written. */
    public long reportDownload(String pathAndQuery, java.nio.file.Path file) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(reportService + pathAndQuery))
                    .timeout(Duration.ofMinutes(30)).GET();
            if (token != null) {
                request.setHeader("Authorization", "Bearer " + token);
            }
            HttpResponse<java.nio.file.Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                String body = java.nio.file.Files.readString(file);
                java.nio.file.Files.deleteIfExists(file);
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri() + ": " + body);
            }
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the stack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** PUT or POST of a JSON body to report-service's API; any 2xx answer's JSON. */
    public JsonNode reportSend(String method, String path, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(reportService + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri() + ": "
                    + response.body());
        }
        return read(response.body());
    }

    /** Polls the run until it is no longer running; reports each state seen to {@code progress}. */
    public JsonNode awaitFinished(String runId, Duration timeout, Consumer<JsonNode> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = run(runId);
            if (run != null) {
                progress.accept(run);
                if (!"running".equals(run.path("status").asText())) {
                    return run;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " still running after " + timeout.toSeconds() + " s: "
                        + run);
            }
            ManagedProcess.sleep(100);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            if (token != null) {
                request.setHeader("Authorization", "Bearer " + token);
            }
            HttpRequest built = request.build();
            if (built.timeout().isEmpty()) {
                built = request.timeout(Duration.ofSeconds(30)).build();
            }
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the stack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri() + ": "
                    + response.body());
        }
        return response;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
