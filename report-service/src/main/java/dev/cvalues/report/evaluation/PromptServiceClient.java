package dev.cvalues.report.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.report.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Starts runs through prompt-service's API ({@code POST /api/runs}), the one way runs begin. */
@ApplicationScoped
public class PromptServiceClient {

    /** prompt-service refused the run (its answer says why) or could not be reached. */
    public static class RunNotStarted extends Exception {
        public final int status;

        RunNotStarted(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReportConfig config;

    public PromptServiceClient(ReportConfig config) {
        this.config = config;
    }

    /** The 202 body: {runId, expectedItems, ...}. */
    public JsonNode startRun(JsonNode runRequest) throws RunNotStarted {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.promptServiceUrl() + "/api/runs"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(runRequest.toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new RunNotStarted(response.statusCode(), "prompt-service answered " + response.statusCode()
                        + ": " + response.body());
            }
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new RunNotStarted(503, "prompt-service at " + config.promptServiceUrl() + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunNotStarted(503, "interrupted");
        }
    }
}
