package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.GenerationParams;
import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.TokenUsage;
import dev.cvalues.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * {@code openai}: the OpenAI chat-completions API over HTTP, which vLLM, Ollama, TGI, LM Studio, DeepSeek,
 * Moonshot, Zhipu, DashScope's compatible mode and most other vendors also speak. Non-blocking: a call in
 * flight holds a connection, never a thread. Uses Vert.x's core HTTP client: the web client's extra layers
 * cost more CPU per call than the rest of the gateway's work together.
 */
@ApplicationScoped
public class OpenAiCompatibleProvider implements ModelProvider {

    public static final String ID = "openai";
    private static final int ERROR_EXCERPT = 300;

    /** What a call returned: status, two headers and the body. */
    private record Answer(int status, String retryAfter, String requestId, Buffer body) {
    }

    private final HttpClient client;
    private final ApiKeys apiKeys;
    private final GatewayConfig config;
    private final EventLoops eventLoops;

    public OpenAiCompatibleProvider(Vertx vertx, ApiKeys apiKeys, GatewayConfig config, EventLoops eventLoops) {
        this.apiKeys = apiKeys;
        this.config = config;
        this.eventLoops = eventLoops;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000)
                .setMaxWaitQueueSize(-1), new PoolOptions().setHttp1MaxSize(config.connectionsPerEndpoint()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Completion> complete(PromptEvent prompt) {
        return Uni.createFrom().deferred(() -> {
            ModelSpec model = prompt.model();
            if (model.endpoint() == null || model.endpoint().isBlank()) {
                throw ProviderException.permanent("configuration", "provider openai needs model.endpoint");
            }
            String key = apiKeys.resolve(model.apiKeyRef()).orElse(null);
            String url = model.endpoint().replaceAll("/+$", "") + "/chat/completions";
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setIdleTimeout(config.requestTimeout().toMillis())
                    .putHeader("Content-Type", "application/json").putHeader("User-Agent", "cvalues-pipeline");
            if (key != null) {
                options.putHeader("Authorization", "Bearer " + key);
            }
            Buffer body = Buffer.newInstance(requestBody(prompt).toBuffer());
            return eventLoops.spread(() -> client.request(options)
                    .flatMap(request -> request.send(body))
                    .flatMap(response -> response.body().map(b -> new Answer(response.statusCode(),
                            response.getHeader("Retry-After"), response.getHeader("x-request-id"), b))))
                    .ifNoItem().after(config.requestTimeout()).failWith(() -> new TimeoutException("no answer in "
                            + config.requestTimeout().toSeconds() + " s"))
                    .onFailure().transform(e -> transportFailure(e, url))
                    .map(answer -> completion(answer, url, key));
        });
    }

    static JsonObject requestBody(PromptEvent prompt) {
        GenerationParams p = prompt.model().parametersOrDefaults();
        JsonArray messages = new JsonArray();
        if (p.systemPrompt() != null && !p.systemPrompt().isBlank()) {
            messages.add(new JsonObject().put("role", "system").put("content", p.systemPrompt()));
        }
        for (ChatMessage m : prompt.messages()) {
            messages.add(new JsonObject().put("role", m.role()).put("content", m.content()));
        }
        JsonObject body = new JsonObject().put("model", prompt.model().name()).put("messages", messages);
        putIfSet(body, "temperature", p.temperature());
        putIfSet(body, "top_p", p.topP());
        putIfSet(body, "max_tokens", p.maxTokens());
        putIfSet(body, "seed", p.seed());
        return body;
    }

    private static void putIfSet(JsonObject body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private Completion completion(Answer response, String url, String key) {
        int status = response.status();
        if (status == 200) {
            return parse(response, url);
        }
        String detail = ApiKeys.redact(excerpt(response.body().toString()), key);
        String message = "HTTP " + status + " from " + url + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 429) {
            return fail(new ProviderException("http_429", message, true, retryAfter(response.retryAfter())));
        }
        if (status >= 500 || status == 408) {
            return fail(new ProviderException("http_5xx", message, true, retryAfter(response.retryAfter())));
        }
        return fail(ProviderException.permanent("http_4xx", message));
    }

    private static Completion parse(Answer response, String url) {
        JsonObject json;
        try {
            json = response.body().toJsonObject();
        } catch (RuntimeException e) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " is not JSON");
        }
        JsonArray choices = json == null ? null : json.getJsonArray("choices");
        if (choices == null || choices.isEmpty() || choices.getJsonObject(0).getJsonObject("message") == null) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " has no choices[0].message");
        }
        JsonObject choice = choices.getJsonObject(0);
        String text = choice.getJsonObject("message").getString("content");
        if (text == null) {
            throw ProviderException.permanent("invalid_response", "response of " + url + " has no message content");
        }
        JsonObject usage = json.getJsonObject("usage");
        TokenUsage tokens = usage == null ? null
                : new TokenUsage(usage.getInteger("prompt_tokens"), usage.getInteger("completion_tokens"));
        return new Completion(text, choice.getString("finish_reason"), tokens,
                response.requestId() != null ? response.requestId() : json.getString("id"));
    }

    private static ProviderException transportFailure(Throwable e, String url) {
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

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= ERROR_EXCERPT ? flat : flat.substring(0, ERROR_EXCERPT) + "…";
    }

    private static Completion fail(ProviderException e) {
        throw e;
    }
}
