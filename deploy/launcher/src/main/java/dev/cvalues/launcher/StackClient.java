package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** The stack's HTTP API as the command line uses it: submit a run, follow it, fetch its scorecard. */
public final class StackClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String promptService;
    private final String reportService;

    public StackClient(String promptService, String reportService) {
        this.promptService = promptService;
        this.reportService = reportService;
    }

    public static StackClient of(LocalStack stack) {
        return new StackClient(stack.url("prompt-service"), stack.url("report-service"));
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

    /** The run as report-service sees it, or null before its first event arrived. */
    public JsonNode run(String runId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(reportService + "/api/runs/" + runId)).GET());
        return response.statusCode() == 404 ? null : read(ok(response).body());
    }

    public JsonNode scorecard(String runId) {
        return read(ok(send(HttpRequest.newBuilder(URI.create(reportService + "/api/runs/" + runId + "/scorecard"))
                .GET())).body());
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
            ManagedProcess.sleep(250);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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
