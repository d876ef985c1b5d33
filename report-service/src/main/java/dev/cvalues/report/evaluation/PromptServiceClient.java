package dev.cvalues.report.evaluation;

import dev.cvalues.platform.secret.CredentialRef;
import dev.cvalues.platform.secret.SecretsConfig;
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

    private final SecretsConfig secrets;
    private volatile String token;

    public PromptServiceClient(ReportConfig config, SecretsConfig secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** The token, read once from its reference (blocking; callers run on worker threads). */
    private String token() throws RunNotStarted {
        if (token == null && config.promptServiceTokenRef().isPresent()) {
            try {
                token = CredentialRef.parse(config.promptServiceTokenRef().get(), secrets).resolve(secrets,
                        System::getenv);
            } catch (CredentialRef.Invalid e) {
                throw new RunNotStarted(503, "report-service's token for prompt-service: " + e.getMessage());
            }
        }
        return token;
    }

    /** The 202 body: {runId, expectedItems, ...}. */
    public JsonNode startRun(JsonNode runRequest) throws RunNotStarted {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.promptServiceUrl() + "/api/runs"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(runRequest.toString()));
        String bearer = token();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest request = builder.build();
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
